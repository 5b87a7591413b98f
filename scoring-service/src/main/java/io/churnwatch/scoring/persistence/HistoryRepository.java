package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Customers' score history: rows the gap scan writes entity by entity, and the timeline's reads (with the events). */
@ApplicationScoped
public class HistoryRepository {

    /** Persists score-history rows and the outbox rows announcing their changes, in the caller's transaction. */
    public Uni<Void> persistAll(List<Object> rows) {
        return Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
    }

    /** The latest {@code limit} events, newest first. */
    public Uni<List<CustomerEventEntity>> latestEvents(String tenantId, String customerId, int limit) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "from CustomerEventEntity where tenantId = ?1 and customerId = ?2 order by occurredAt desc, id desc",
                                CustomerEventEntity.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, customerId)
                        .setMaxResults(limit)
                        .getResultList());
    }

    /** The latest {@code limit} scores, newest first. */
    public Uni<List<ScoreHistoryEntity>> latestScores(String tenantId, String customerId, int limit) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "from ScoreHistoryEntity where tenantId = ?1 and customerId = ?2 order by scoredAt desc, id desc",
                                ScoreHistoryEntity.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, customerId)
                        .setMaxResults(limit)
                        .getResultList());
    }
}
