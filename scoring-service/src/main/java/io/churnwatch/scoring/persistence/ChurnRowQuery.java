package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A period's churn figures of a tenant, summed in PostgreSQL per group (the whole tenant, a segment or a churn reason),
 * so a report reads one row per group however many customers the tenant has. Per customer it looks at the segment,
 * MRR, acquisition day (signup date, else first seen), the status before the period (from churned/won_back events)
 * and whether (and why) they churned in the period.
 */
@ApplicationScoped
public class ChurnRowQuery {

    /** How a report groups the tenant's customers. */
    public enum Grouping {
        /** One group, "all". */
        ALL("'all'"),
        /** One group per segment; "(none)" for customers without one. */
        SEGMENT("coalesce(segment, '(none)')"),
        /** One group per reason of the customers lost in the period; "(unknown)" without one. */
        REASON("coalesce(reason, '(unknown)')");

        private final String key;

        Grouping(String key) {
            this.key = key;
        }
    }

    /** One group's sums: customers at the start, acquired and lost in the period, and their MRR. */
    public record Totals(String key, long atStart, long acquired, long lost, BigDecimal mrrAtStart, BigDecimal mrrLost) {
    }

    private static final String SQL = """
            WITH per_customer AS (
              SELECT c.segment, c.mrr, coalesce(c.signup_date, (c.first_seen_at AT TIME ZONE 'UTC')::date) AS acquired,
                coalesce((SELECT e.type = 'churned' FROM scoring.customer_events e
                   WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.customer_id AND e.type IN ('churned', 'won_back')
                     AND e.occurred_at < ?2 ORDER BY e.occurred_at DESC LIMIT 1), false) AS churned_at_start,
                EXISTS (SELECT 1 FROM scoring.customer_events e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.customer_id
                     AND e.type = 'churned' AND e.occurred_at >= ?2 AND e.occurred_at < ?3) AS lost,
                (SELECT e.properties::jsonb ->> 'reason' FROM scoring.customer_events e
                   WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.customer_id AND e.type = 'churned'
                     AND e.occurred_at >= ?2 AND e.occurred_at < ?3 ORDER BY e.occurred_at DESC LIMIT 1) AS reason
              FROM scoring.customers c WHERE c.tenant_id = ?1)
            SELECT %s AS key,
              count(*) FILTER (WHERE acquired < ?4 AND NOT churned_at_start) AS at_start,
              count(*) FILTER (WHERE acquired >= ?4 AND acquired < ?5) AS acquired,
              count(*) FILTER (WHERE lost) AS lost,
              coalesce(sum(mrr) FILTER (WHERE acquired < ?4 AND NOT churned_at_start), 0) AS mrr_at_start,
              coalesce(sum(mrr) FILTER (WHERE lost), 0) AS mrr_lost
            FROM per_customer %s
            GROUP BY 1 ORDER BY %s COLLATE "C" LIMIT ?6""";

    /**
     * The period's sums per group, at most {@code maxGroups} groups (by key), in a transaction whose statements are
     * cancelled after {@code timeout}.
     */
    public Uni<List<Totals>> totals(String tenantId, LocalDate from, LocalDate to, Grouping grouping, int maxGroups, Duration timeout) {
        String sql = SQL.formatted(grouping.key, grouping == Grouping.REASON ? "WHERE lost" : "", grouping.key);
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT set_config('statement_timeout', ?1, true)", String.class)
                .setParameter(1, Long.toString(Math.max(1, timeout.toMillis())))
                .getSingleResult()
                .chain(() -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId).setParameter(2, start).setParameter(3, end)
                        .setParameter(4, from).setParameter(5, to).setParameter(6, maxGroups)
                        .getResultList()))
                .map(rows -> rows.stream().map(r -> new Totals((String) r[0], number(r[1]), number(r[2]), number(r[3]),
                        (BigDecimal) r[4], (BigDecimal) r[5])).toList());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
