package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Per customer of a tenant, what a period's churn metrics need: segment, MRR, acquisition day, the
 * status before the period (from churned/won_back events) and whether (and why) they churned in it.
 */
@ApplicationScoped
public class ChurnRowQuery {

    private static final String SQL = """
            SELECT c.segment, c.mrr, coalesce(c.signup_date, (c.first_seen_at AT TIME ZONE 'UTC')::date) AS acquired,
              coalesce((SELECT e.type = 'churned' FROM scoring.customer_events e
                 WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.customer_id AND e.type IN ('churned', 'won_back')
                   AND e.occurred_at < ?2 ORDER BY e.occurred_at DESC LIMIT 1), false) AS churned_at_start,
              EXISTS (SELECT 1 FROM scoring.customer_events e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.customer_id
                   AND e.type = 'churned' AND e.occurred_at >= ?2 AND e.occurred_at < ?3) AS lost,
              (SELECT e.properties::jsonb ->> 'reason' FROM scoring.customer_events e
                 WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.customer_id AND e.type = 'churned'
                   AND e.occurred_at >= ?2 AND e.occurred_at < ?3 ORDER BY e.occurred_at DESC LIMIT 1) AS reason
            FROM scoring.customers c WHERE c.tenant_id = ?1""";

    /** Rows of (segment, mrr, acquired, churned_at_start, lost, reason). */
    public Uni<List<Object[]>> rows(String tenantId, Instant from, Instant to) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SQL, Object[].class)
                .setParameter(1, tenantId).setParameter(2, from).setParameter(3, to).getResultList());
    }
}
