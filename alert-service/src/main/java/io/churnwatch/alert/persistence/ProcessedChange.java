package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

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
}
