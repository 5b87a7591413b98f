package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The AlertEvent outbox. */
@ApplicationScoped
public class EventOutboxRepository implements PanacheRepositoryBase<EventOutboxEntry, Long> {

    /** Up to {@code limit} unsent rows in write order, locked so a second relay skips them. */
    public Uni<List<EventOutboxEntry>> lockUnsent(int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT * FROM alert.event_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?1 FOR UPDATE SKIP LOCKED",
                                EventOutboxEntry.class)
                        .setParameter(1, limit)
                        .getResultList());
    }

    public Uni<Integer> markSent(List<Long> ids, Instant at) {
        return ids.isEmpty() ? Uni.createFrom().item(0) : update("sentAt = ?1 where id in ?2", at, ids);
    }

    /** Deletes rows sent before {@code before}. */
    public Uni<Long> purgeSentBefore(Instant before) {
        return delete("sentAt < ?1", before);
    }
}
