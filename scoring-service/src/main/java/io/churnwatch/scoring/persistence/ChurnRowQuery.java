package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Per customer of a tenant, what a period's churn metrics need: segment, MRR, acquisition day, whether they were
 * churned at the start of the period and whether (and why) they churned in it. Churns are
 * {@link OutcomeRepository}'s: an integrator's churned event and an episode resolved as churned count once.
 */
@ApplicationScoped
public class ChurnRowQuery {

    private static final String SQL = OutcomeRepository.churnsCte(1, 3, 4) + """
            , churn_periods AS (
              SELECT customer_id, bool_or(churned_at < ?2 AND (ended_at IS NULL OR ended_at >= ?2)) AS churned_at_start,
                bool_or(churned_at >= ?2 AND churned_at < ?3) AS lost,
                (array_agg(reason ORDER BY churned_at DESC) FILTER (WHERE churned_at >= ?2 AND churned_at < ?3))[1] AS reason
              FROM churns GROUP BY customer_id
            )
            SELECT c.segment, c.mrr, coalesce(c.signup_date, (c.first_seen_at AT TIME ZONE 'UTC')::date) AS acquired,
              coalesce(p.churned_at_start, false) AS churned_at_start, coalesce(p.lost, false) AS lost, p.reason
            FROM scoring.customers c LEFT JOIN churn_periods p ON p.customer_id = c.customer_id
            WHERE c.tenant_id = ?1""";

    private final OutcomeRepository outcomes;

    public ChurnRowQuery(OutcomeRepository outcomes) {
        this.outcomes = outcomes;
    }

    /** Rows of (segment, mrr, acquired, churned_at_start, lost, reason). */
    public Uni<List<Object[]>> rows(String tenantId, Instant from, Instant to) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SQL, Object[].class)
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to)
                .setParameter(4, outcomes.windowSeconds()).getResultList());
    }
}
