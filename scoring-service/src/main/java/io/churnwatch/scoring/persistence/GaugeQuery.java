package io.churnwatch.scoring.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The figures the scoring gauges publish, summed in PostgreSQL and read with the reactive pool (no session needed). */
@ApplicationScoped
public class GaugeQuery {

    /** Active customers of one tenant, level and segment ("(none)" without one), and their summed MRR. */
    public record LevelCount(String tenantId, String level, String segment, long customers, double mrr) {}

    /** Unsent outbox rows and the age of the oldest in seconds (0 when there is none). */
    public record OutboxBacklog(long rows, double oldestSeconds) {}

    private static final String BY_LEVEL_AND_SEGMENT = """
            SELECT tenant_id, level, coalesce(nullif(segment, ''), '(none)') AS segment, count(*) AS customers,
                   coalesce(sum(mrr), 0)::float8 AS mrr
            FROM scoring.customers WHERE status = 'ACTIVE' GROUP BY 1, 2, 3""";
    /**
     * Active customers whose level rose to HIGH or above in the last 24 hours (the previous assessment, within two
     * days, was lower). Customers who have churned since are left out: their risk is no longer a warning.
     */
    private static final String NEW_HIGH_RISK = """
            WITH h AS (SELECT tenant_id, customer_id, scored_at, level,
                         lag(level) OVER (PARTITION BY tenant_id, customer_id ORDER BY scored_at, id) AS previous
                       FROM scoring.score_history WHERE scored_at >= now() - interval '2 days')
            SELECT tenant_id, count(DISTINCT customer_id) FROM h
            WHERE scored_at >= now() - interval '1 day' AND level IN ('HIGH', 'CRITICAL')
              AND (previous IS NULL OR previous NOT IN ('HIGH', 'CRITICAL'))
              AND EXISTS (SELECT 1 FROM scoring.customers c
                          WHERE c.tenant_id = h.tenant_id AND c.customer_id = h.customer_id AND c.status = 'ACTIVE')
            GROUP BY 1""";

    private static final String TENANTS = "SELECT DISTINCT tenant_id FROM scoring.customers ORDER BY 1";
    private static final String OUTBOX = """
            SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
            FROM scoring.outbox WHERE sent_at IS NULL""";
    private static final String STORED_OFFSETS = """
            SELECT partition_no, next_offset FROM scoring.consumer_offsets WHERE group_id = $1 AND topic = $2""";

    private final Pool pool;

    public GaugeQuery(Pool pool) {
        this.pool = pool;
    }

    /** Active customers per tenant, level (upper case) and segment. */
    public Uni<List<LevelCount>> activeByLevelAndSegment() {
        return pool.query(BY_LEVEL_AND_SEGMENT)
                .execute()
                .map(rows -> map(
                        rows,
                        r -> new LevelCount(
                                r.getString("tenant_id"),
                                r.getString("level"),
                                r.getString("segment"),
                                r.getLong("customers"),
                                r.getDouble("mrr"))));
    }

    /** Per tenant, the active customers whose risk rose to high or critical in the last 24 hours (tenants with none absent). */
    public Uni<Map<String, Long>> newHighRiskByTenant() {
        return pool.query(NEW_HIGH_RISK).execute().map(rows -> {
            Map<String, Long> counts = new HashMap<>();
            rows.forEach(r -> counts.put(r.getString("tenant_id"), r.getLong(1)));
            return counts;
        });
    }

    /** Every tenant with customers, in order. */
    public Uni<List<String>> tenants() {
        return pool.query(TENANTS).execute().map(rows -> map(rows, r -> r.getString(0)));
    }

    public Uni<OutboxBacklog> outboxBacklog() {
        return pool.query(OUTBOX).execute().map(rows -> {
            Row row = rows.iterator().next();
            return new OutboxBacklog(row.getLong("backlog"), row.getDouble("oldest"));
        });
    }

    /** The next offset to apply per partition of {@code topic}, as the consumer {@code group} stored them. */
    public Uni<Map<Integer, Long>> storedOffsets(String group, String topic) {
        return pool.preparedQuery(STORED_OFFSETS)
                .execute(Tuple.of(group, topic))
                .map(rows -> {
                    Map<Integer, Long> stored = new HashMap<>();
                    rows.forEach(row -> stored.put(row.getInteger("partition_no"), row.getLong("next_offset")));
                    return stored;
                });
    }

    private static <T> List<T> map(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> mapped = new ArrayList<>();
        rows.forEach(row -> mapped.add(mapper.apply(row)));
        return mapped;
    }
}
