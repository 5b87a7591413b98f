package io.churnwatch.scoring.persistence;

import io.churnwatch.scoring.config.ScoringConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The churns of a tenant's customers from {@code scoring.outcomes}, each counted once whichever sources reported
 * it: a customer's churned outcome (an integrator's event or an episode resolved as churned) starts a churn unless
 * the customer's previous outcome was a churned one at most {@code churnwatch.scoring.outcomes.churn-window}
 * earlier; a won_back outcome ends the churn it follows. Outcomes are taken in event-time order, so the answer
 * does not depend on the order they arrived in. Runs in the caller's session.
 */
@ApplicationScoped
public class OutcomeRepository {

    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final double windowSeconds;

    public OutcomeRepository(ScoringConfig config) {
        this.windowSeconds = config.outcomes().churnWindow().toSeconds();
    }

    /** The tenant's churns from the outcomes that occurred at or before {@code until}, by customer and time. */
    public Uni<List<Churn>> churns(String tenantId, Instant until) {
        String sql = churnsCte(1, 2, 3) + """
                 SELECT customer_id, churned_at, ended_at, reason FROM churns ORDER BY customer_id, churned_at""";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, until)
                        .setParameter(3, windowSeconds)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new Churn((String) r[0], instant(r[1]), instant(r[2]), (String) r[3]))
                        .toList());
    }

    /** How many of the tenant's churns started at or after {@code since} (event time): what a retraining waits for. */
    public Uni<Long> countSince(String tenantId, Instant since) {
        String sql = churnsCte(1, 2, 3) + " SELECT count(*) FROM churns WHERE churned_at >= ?4";
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, Long.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, END_OF_TIME)
                        .setParameter(3, windowSeconds)
                        .setParameter(4, since)
                        .getSingleResult());
    }

    /** The window of {@link #churnsCte}, in seconds. */
    public double windowSeconds() {
        return windowSeconds;
    }

    /**
     * {@code WITH ... churns(customer_id, churned_at, ended_at, reason)} over one tenant's outcomes up to a time,
     * for queries that build on the churns; the arguments are the positions of the tenant, the time and the window
     * in seconds among the query's parameters.
     */
    public static String churnsCte(int tenant, int until, int window) {
        return """
                WITH outcome_marks AS (
                  SELECT id, customer_id, kind, occurred_at, reason, source,
                    CASE WHEN kind = 'churned' AND (lag(kind) OVER w IS DISTINCT FROM 'churned'
                      OR occurred_at - lag(occurred_at) OVER w > make_interval(secs => cast(?%3$d as double precision)))
                    THEN 1 ELSE 0 END AS starts
                  FROM scoring.outcomes
                  WHERE tenant_id = ?%1$d AND kind IN ('churned', 'won_back') AND occurred_at <= ?%2$d
                  WINDOW w AS (PARTITION BY customer_id ORDER BY occurred_at, id)
                ), outcome_chains AS (
                  SELECT *, sum(starts) OVER (PARTITION BY customer_id ORDER BY occurred_at, id) AS churn_no
                  FROM outcome_marks
                ), churns AS (
                  SELECT customer_id, min(occurred_at) FILTER (WHERE kind = 'churned') AS churned_at,
                    min(occurred_at) FILTER (WHERE kind = 'won_back') AS ended_at,
                    coalesce((array_agg(reason ORDER BY occurred_at DESC, id DESC)
                        FILTER (WHERE kind = 'churned' AND source = 'resolution' AND reason IS NOT NULL))[1],
                      (array_agg(reason ORDER BY occurred_at DESC, id DESC)
                        FILTER (WHERE kind = 'churned' AND reason IS NOT NULL))[1]) AS reason
                  FROM outcome_chains WHERE churn_no > 0 GROUP BY customer_id, churn_no
                )""".formatted(tenant, until, window);
    }

    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
