package io.churnwatch.scoring.metrics;

import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.messaging.KafkaBacklog;
import io.churnwatch.scoring.state.BatchScoring;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Tenant-level gauges for the Risk and Pipeline dashboards, refreshed on a schedule
 * ({@code churnwatch.scoring.metrics.every}, default 15s) from PostgreSQL and Kafka. Labels stay
 * low-cardinality: tenant, level (lowercase), at most {@value #MAX_SEGMENTS} segments per tenant (the rest
 * are {@code other}), churn formula, partition and topic; never a customer id.
 */
@ApplicationScoped
public class ScoringMetrics {

    static final int MAX_SEGMENTS = 20;
    static final int CHURN_WINDOW_DAYS = 30;
    private static final Logger LOG = Logger.getLogger(ScoringMetrics.class);

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
    private static final String OUTBOX = """
            SELECT count(*) AS backlog, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
            FROM scoring.outbox WHERE sent_at IS NULL""";
    private static final String STORED_OFFSETS = """
            SELECT partition_no, next_offset FROM scoring.consumer_offsets WHERE group_id = $1 AND topic = $2""";

    private final Pool pool;
    private final ChurnMetricsService churn;
    private final KafkaBacklog kafka;
    private final MultiGauge customers;
    private final MultiGauge mrr;
    private final MultiGauge newHighRisk;
    private final MultiGauge churnRate;
    private final MultiGauge lagRecords;
    private final MultiGauge dlqRecords;
    private final AtomicReference<Double> outboxBacklog = new AtomicReference<>(0.0);
    private final AtomicReference<Double> outboxOldest = new AtomicReference<>(0.0);
    private final AtomicReference<Double> lagSeconds = new AtomicReference<>(0.0);
    private final AtomicReference<Double> consumedOffsets = new AtomicReference<>(0.0);

    public ScoringMetrics(Pool pool, ChurnMetricsService churn, KafkaBacklog kafka, MeterRegistry registry) {
        this.pool = pool;
        this.churn = churn;
        this.kafka = kafka;
        customers = MultiGauge.builder("churnwatch.scoring.customers")
                .description("Active customers by current risk level and segment").register(registry);
        mrr = MultiGauge.builder("churnwatch.scoring.mrr.at.risk")
                .description("MRR of active customers by current risk level and segment (sum of mrr traits, mixed currencies are added as they are)")
                .register(registry);
        newHighRisk = MultiGauge.builder("churnwatch.scoring.new.high.risk.customers")
                .description("Active customers whose risk rose to high or critical in the last 24 hours").register(registry);
        churnRate = MultiGauge.builder("churnwatch.scoring.churn.rate")
                .description("Churn rate over the last " + CHURN_WINDOW_DAYS + " days by named formula (docs: RateFormula); absent while undefined")
                .register(registry);
        lagRecords = MultiGauge.builder("churnwatch.scoring.consumer.lag.records")
                .description("Records of " + Topics.EVENTS + " not yet applied to the scoring state, per partition").register(registry);
        dlqRecords = MultiGauge.builder("churnwatch.scoring.dlq.records")
                .description("Records held by a dead-letter topic").register(registry);
        Gauge.builder("churnwatch.scoring.outbox.backlog", outboxBacklog, AtomicReference::get)
                .description("Outbox rows (risk changes, dead letters) not yet acknowledged by Kafka").register(registry);
        Gauge.builder("churnwatch.scoring.outbox.oldest.seconds", outboxOldest, AtomicReference::get)
                .description("Age of the oldest unsent outbox row (0 when empty)").register(registry);
        Gauge.builder("churnwatch.scoring.consumer.lag.seconds", lagSeconds, AtomicReference::get)
                .description("Age of the oldest event not yet applied (0 when caught up): end-to-end scoring delay").register(registry);
        Gauge.builder("churnwatch.scoring.consumer.position", consumedOffsets, AtomicReference::get)
                .description("Sum of the stored next offsets over all partitions; its rate is the apply rate").register(registry);
    }

    /** Refreshes the gauges read from PostgreSQL (levels, MRR, new high risk, churn rates, outbox). */
    @Scheduled(every = "${churnwatch.scoring.metrics.every:15s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refreshDatabase() {
        return pool.query(BY_LEVEL_AND_SEGMENT).execute().map(ScoringMetrics::rows)
                .invoke(this::publishLevels)
                .chain(() -> pool.query(NEW_HIGH_RISK).execute().map(ScoringMetrics::rows))
                .chain(rows -> tenants().invoke(tenants -> publishNewHighRisk(tenants, rows)))
                .chain(this::publishChurnRates)
                .chain(() -> pool.query(OUTBOX).execute().map(ScoringMetrics::rows))
                .invoke(rows -> {
                    outboxBacklog.set(rows.get(0).getLong("backlog").doubleValue());
                    outboxOldest.set(rows.get(0).getDouble("oldest"));
                })
                .onFailure().invoke(e -> LOG.warnf("Scoring metrics not refreshed from PostgreSQL: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Refreshes the consumer lag and dead-letter gauges from Kafka (blocking: runs on a worker thread). */
    @Scheduled(every = "${churnwatch.scoring.metrics.every:15s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refreshKafka() {
        try {
            Map<Integer, Long> stored = new HashMap<>();
            pool.preparedQuery(STORED_OFFSETS).execute(Tuple.of(BatchScoring.OFFSETS_KEY, Topics.EVENTS)).await().atMost(Duration.ofSeconds(10))
                    .forEach(row -> stored.put(row.getInteger("partition_no"), row.getLong("next_offset")));
            consumedOffsets.set((double) stored.values().stream().mapToLong(Long::longValue).sum());
            KafkaBacklog.Snapshot snapshot = kafka.measure(stored, java.time.Instant.now());
            lagRecords.register(snapshot.lagRecords().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("topic", Topics.EVENTS, "partition", e.getKey().toString()), e.getValue()))
                    .toList(), true);
            lagSeconds.set(snapshot.lagSeconds());
            dlqRecords.register(snapshot.dlqRecords().entrySet().stream()
                    .map(e -> MultiGauge.Row.of(Tags.of("topic", e.getKey()), e.getValue())).toList(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Scoring metrics not refreshed from Kafka: %s", e.getMessage());
        }
    }

    private void publishLevels(List<Row> rows) {
        // Per tenant, the largest segments by customers keep their name; the rest are "other".
        Map<String, Map<String, Long>> sizes = new HashMap<>();
        rows.forEach(r -> sizes.computeIfAbsent(r.getString("tenant_id"), t -> new HashMap<>())
                .merge(r.getString("segment"), r.getLong("customers"), Long::sum));
        Map<String, java.util.Set<String>> kept = new HashMap<>();
        sizes.forEach((tenant, bySegment) -> kept.put(tenant, new TreeSet<>(bySegment.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(MAX_SEGMENTS)
                .map(Map.Entry::getKey).toList())));
        // Every level of every tenant and segment is present, zero when empty, so panels and rules see explicit zeros.
        Map<Tags, double[]> values = new LinkedHashMap<>();
        rows.forEach(r -> {
            String tenant = r.getString("tenant_id");
            String segment = kept.get(tenant).contains(r.getString("segment")) ? r.getString("segment") : "other";
            for (RiskLevel level : RiskLevel.values()) {
                values.computeIfAbsent(Tags.of("tenant", tenant, "segment", segment, "level", level.name().toLowerCase(Locale.ROOT)),
                        t -> new double[2]);
            }
            double[] v = values.get(Tags.of("tenant", tenant, "segment", segment, "level", r.getString("level").toLowerCase(Locale.ROOT)));
            v[0] += r.getLong("customers");
            v[1] += r.getDouble("mrr");
        });
        customers.register(gaugeRows(values, v -> v[0]), true);
        mrr.register(gaugeRows(values, v -> v[1]), true);
    }

    private void publishNewHighRisk(List<String> tenants, List<Row> rows) {
        Map<String, Long> counts = new HashMap<>();
        rows.forEach(r -> counts.put(r.getString("tenant_id"), r.getLong(1)));
        newHighRisk.register(tenants.stream()
                .map(t -> MultiGauge.Row.of(Tags.of("tenant", t), counts.getOrDefault(t, 0L))).toList(), true);
    }

    private Uni<Void> publishChurnRates(List<String> tenants) {
        LocalDate to = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        LocalDate from = to.minusDays(CHURN_WINDOW_DAYS);
        List<MultiGauge.Row<?>> result = new ArrayList<>();
        return Multi.createFrom().iterable(tenants)
                .onItem().transformToUniAndConcatenate(tenant -> churn.report(tenant, from, to, ChurnMetricsService.By.ALL)
                        .invoke(report -> addRates(result, tenant, report.groups().get(0))))
                .collect().last()
                .invoke(() -> churnRate.register(result, true))
                .replaceWithVoid();
    }

    private static void addRates(List<MultiGauge.Row<?>> result, String tenant, ChurnReport.Group group) {
        for (ChurnReport.RateView rate : List.of(group.customerChurnRate(), group.acquisitionRelativeChurnRate(), group.revenueChurnRate())) {
            if (rate.value() != null) {
                result.add(MultiGauge.Row.of(Tags.of("tenant", tenant, "formula", rate.formula(), "window", CHURN_WINDOW_DAYS + "d"),
                        rate.value()));
            }
        }
    }

    private Uni<List<String>> tenants() {
        return pool.query("SELECT DISTINCT tenant_id FROM scoring.customers ORDER BY 1").execute()
                .map(rows -> rows(rows).stream().map(r -> r.getString(0)).toList());
    }

    private static List<MultiGauge.Row<?>> gaugeRows(Map<Tags, double[]> values, Function<double[], Double> pick) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, v) -> rows.add(MultiGauge.Row.of(tags, pick.apply(v))));
        return rows;
    }

    private static List<Row> rows(io.vertx.mutiny.sqlclient.RowSet<Row> set) {
        List<Row> rows = new ArrayList<>();
        set.forEach(rows::add);
        return rows;
    }
}
