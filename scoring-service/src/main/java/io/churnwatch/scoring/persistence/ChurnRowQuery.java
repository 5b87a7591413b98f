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
 * MRR, acquisition day (signup date, else first seen), whether they were churned at the start of the period and
 * whether (and why) they churned in it; churns are {@link OutcomeRepository}'s (an integrator's churned event and an
 * episode resolved as churned count once).
 */
@ApplicationScoped
public class ChurnRowQuery {

    private final OutcomeRepository outcomes;

    public ChurnRowQuery(OutcomeRepository outcomes) {
        this.outcomes = outcomes;
    }

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
    public record Totals(
            String key, long atStart, long acquired, long lost, BigDecimal mrrAtStart, BigDecimal mrrLost) {}

    private static final String SQL = OutcomeRepository.churnsCte(1, 3, 7) + """
            , churn_periods AS (
              SELECT customer_id, bool_or(churned_at < ?2 AND (ended_at IS NULL OR ended_at >= ?2)) AS churned_at_start,
                bool_or(churned_at >= ?2 AND churned_at < ?3) AS lost,
                (array_agg(reason ORDER BY churned_at DESC) FILTER (WHERE churned_at >= ?2 AND churned_at < ?3))[1] AS reason
              FROM churns GROUP BY customer_id
            ), per_customer AS (
              SELECT c.segment, c.mrr, coalesce(c.signup_date, (c.first_seen_at AT TIME ZONE 'UTC')::date) AS acquired,
                coalesce(p.churned_at_start, false) AS churned_at_start, coalesce(p.lost, false) AS lost, p.reason
              FROM scoring.customers c LEFT JOIN churn_periods p ON p.customer_id = c.customer_id
              WHERE c.tenant_id = ?1)
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
    public Uni<List<Totals>> totals(
            String tenantId, LocalDate from, LocalDate to, Grouping grouping, int maxGroups, Duration timeout) {
        String sql = SQL.formatted(grouping.key, grouping == Grouping.REASON ? "WHERE lost" : "", grouping.key);
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.atStartOfDay(ZoneOffset.UTC).toInstant();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT set_config('statement_timeout', ?1, true)", String.class)
                        .setParameter(1, Long.toString(Math.max(1, timeout.toMillis())))
                        .getSingleResult()
                        .chain(() -> session.createNativeQuery(sql, Object[].class)
                                .setParameter(1, tenantId)
                                .setParameter(2, start)
                                .setParameter(3, end)
                                .setParameter(4, from)
                                .setParameter(5, to)
                                .setParameter(6, maxGroups)
                                .setParameter(7, outcomes.windowSeconds())
                                .getResultList()))
                .map(rows -> rows.stream()
                        .map(r -> new Totals(
                                (String) r[0], number(r[1]), number(r[2]), number(r[3]), (BigDecimal) r[4], (BigDecimal)
                                        r[5]))
                        .toList());
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
