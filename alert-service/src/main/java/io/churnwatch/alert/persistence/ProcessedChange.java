package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A risk change already applied: the idempotency record of the consumer. */
@Entity
@Table(name = "processed_changes")
public class ProcessedChange extends PanacheEntityBase {

    @Id
    public String changeId;

    public String tenant;
    public Instant processedAt;

    public static ProcessedChange of(String changeId, String tenant, Instant at) {
        ProcessedChange processed = new ProcessedChange();
        processed.changeId = changeId;
        processed.tenant = tenant;
        processed.processedAt = at;
        return processed;
    }

    /** The ids among {@code changeIds} already processed. */
    public static Uni<Set<String>> alreadyProcessed(Collection<String> changeIds) {
        if (changeIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select p.changeId from ProcessedChange p where p.changeId in ?1", String.class)
                        .setParameter(1, List.copyOf(changeIds))
                        .getResultList())
                .map(HashSet::new);
    }
}
