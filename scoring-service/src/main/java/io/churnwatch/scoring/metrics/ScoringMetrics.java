package io.churnwatch.scoring.metrics;

import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.GaugeQuery;
import io.churnwatch.scoring.state.BatchScoring;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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

    private final GaugeQuery figures;
    private final ChurnMetricsService churn;
    private final TopicBacklog kafka;
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

    public ScoringMetrics(GaugeQuery figures, ChurnMetricsService churn, TopicBacklog kafka, MeterRegistry registry) {
        this.figures = figures;
        this.churn = churn;
        this.kafka = kafka;
        customers = MultiGauge.builder("churnwatch.scoring.customers")
                .description("Active customers by current risk level and segment")
                .register(registry);
        mrr = MultiGauge.builder("churnwatch.scoring.mrr.at.risk")
                .description(
                        "MRR of active customers by current risk level and segment (sum of mrr traits, mixed currencies are added as they are)")
                .register(registry);
        newHighRisk = MultiGauge.builder("churnwatch.scoring.new.high.risk.customers")
                .description("Active customers whose risk rose to high or critical in the last 24 hours")
                .register(registry);
        churnRate = MultiGauge.builder("churnwatch.scoring.churn.rate")
                .description("Churn rate over the last " + CHURN_WINDOW_DAYS
                        + " days by named formula (docs: RateFormula); absent while undefined")
                .register(registry);
        lagRecords = MultiGauge.builder("churnwatch.scoring.consumer.lag.records")
                .description("Records of " + Topics.EVENTS + " not yet applied to the scoring state, per partition")
                .register(registry);
        dlqRecords = MultiGauge.builder("churnwatch.scoring.dlq.records")
                .description("Records held by a dead-letter topic")
                .register(registry);
        Gauge.builder("churnwatch.scoring.outbox.backlog", outboxBacklog, AtomicReference::get)
                .description("Outbox rows (risk changes, dead letters) not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder("churnwatch.scoring.outbox.oldest.seconds", outboxOldest, AtomicReference::get)
                .description("Age of the oldest unsent outbox row (0 when empty)")
                .register(registry);
        Gauge.builder("churnwatch.scoring.consumer.lag.seconds", lagSeconds, AtomicReference::get)
                .description("Age of the oldest event not yet applied (0 when caught up): end-to-end scoring delay")
                .register(registry);
        Gauge.builder("churnwatch.scoring.consumer.position", consumedOffsets, AtomicReference::get)
                .description("Sum of the stored next offsets over all partitions; its rate is the apply rate")
                .register(registry);
    }

    /** Refreshes the gauges read from PostgreSQL (levels, MRR, new high risk, churn rates, outbox). */
    @Scheduled(
            every = "${churnwatch.scoring.metrics.every:15s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refreshDatabase() {
        return figures.activeByLevelAndSegment()
                .invoke(this::publishLevels)
                .chain(figures::newHighRiskByTenant)
                .chain(counts -> figures.tenants().invoke(tenants -> publishNewHighRisk(tenants, counts)))
                .chain(this::publishChurnRates)
                .chain(figures::outboxBacklog)
                .invoke(backlog -> {
                    outboxBacklog.set((double) backlog.rows());
                    outboxOldest.set(backlog.oldestSeconds());
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Scoring metrics not refreshed from PostgreSQL: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Refreshes the consumer lag and dead-letter gauges from Kafka (blocking: runs on a worker thread). */
    @Scheduled(
            every = "${churnwatch.scoring.metrics.every:15s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refreshKafka() {
        try {
            Map<Integer, Long> stored = figures.storedOffsets(BatchScoring.OFFSETS_KEY, Topics.EVENTS)
                    .await()
                    .atMost(Duration.ofSeconds(10));
            consumedOffsets.set(
                    (double) stored.values().stream().mapToLong(Long::longValue).sum());
            TopicBacklog.Snapshot snapshot = kafka.measure(stored, java.time.Instant.now());
            lagRecords.register(
                    snapshot.lagRecords().entrySet().stream()
                            .map(e -> MultiGauge.Row.of(
                                    Tags.of(
                                            "topic",
                                            Topics.EVENTS,
                                            "partition",
                                            e.getKey().toString()),
                                    e.getValue()))
                            .toList(),
                    true);
            lagSeconds.set(snapshot.lagSeconds());
            dlqRecords.register(
                    snapshot.dlqRecords().entrySet().stream()
                            .map(e -> MultiGauge.Row.of(Tags.of("topic", e.getKey()), e.getValue()))
                            .toList(),
                    true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("Scoring metrics not refreshed from Kafka: %s", e.getMessage());
        }
    }

    private void publishLevels(List<GaugeQuery.LevelCount> rows) {
        // Per tenant, the largest segments by customers keep their name; the rest are "other".
        Map<String, Map<String, Long>> sizes = new HashMap<>();
        rows.forEach(r ->
                sizes.computeIfAbsent(r.tenantId(), t -> new HashMap<>()).merge(r.segment(), r.customers(), Long::sum));
        Map<String, java.util.Set<String>> kept = new HashMap<>();
        sizes.forEach((tenant, bySegment) -> kept.put(
                tenant,
                new TreeSet<>(bySegment.entrySet().stream()
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                        .limit(MAX_SEGMENTS)
                        .map(Map.Entry::getKey)
                        .toList())));
        // Every level of every tenant and segment is present, zero when empty, so panels and rules see explicit zeros.
        Map<Tags, double[]> values = new LinkedHashMap<>();
        rows.forEach(r -> {
            String tenant = r.tenantId();
            String segment = kept.get(tenant).contains(r.segment()) ? r.segment() : "other";
            for (RiskLevel level : RiskLevel.values()) {
                values.computeIfAbsent(
                        Tags.of(
                                "tenant",
                                tenant,
                                "segment",
                                segment,
                                "level",
                                level.name().toLowerCase(Locale.ROOT)),
                        t -> new double[2]);
            }
            double[] v = values.get(Tags.of(
                    "tenant", tenant, "segment", segment, "level", r.level().toLowerCase(Locale.ROOT)));
            v[0] += r.customers();
            v[1] += r.mrr();
        });
        customers.register(gaugeRows(values, v -> v[0]), true);
        mrr.register(gaugeRows(values, v -> v[1]), true);
    }

    private void publishNewHighRisk(List<String> tenants, Map<String, Long> counts) {
        newHighRisk.register(
                tenants.stream()
                        .map(t -> MultiGauge.Row.of(Tags.of("tenant", t), counts.getOrDefault(t, 0L)))
                        .toList(),
                true);
    }

    private Uni<Void> publishChurnRates(List<String> tenants) {
        LocalDate to = LocalDate.now(ZoneOffset.UTC).plusDays(1);
        LocalDate from = to.minusDays(CHURN_WINDOW_DAYS);
        List<MultiGauge.Row<?>> result = new ArrayList<>();
        return Multi.createFrom()
                .iterable(tenants)
                .onItem()
                .transformToUniAndConcatenate(tenant -> churn.report(tenant, from, to, ChurnMetricsService.By.ALL)
                        .invoke(report ->
                                addRates(result, tenant, report.groups().get(0))))
                .collect()
                .last()
                .invoke(() -> churnRate.register(result, true))
                .replaceWithVoid();
    }

    private static void addRates(List<MultiGauge.Row<?>> result, String tenant, ChurnReport.Group group) {
        for (ChurnReport.RateView rate :
                List.of(group.customerChurnRate(), group.acquisitionRelativeChurnRate(), group.revenueChurnRate())) {
            if (rate.value() != null) {
                result.add(MultiGauge.Row.of(
                        Tags.of("tenant", tenant, "formula", rate.formula(), "window", CHURN_WINDOW_DAYS + "d"),
                        rate.value()));
            }
        }
    }

    private static List<MultiGauge.Row<?>> gaugeRows(Map<Tags, double[]> values, Function<double[], Double> pick) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        values.forEach((tags, v) -> rows.add(MultiGauge.Row.of(tags, pick.apply(v))));
        return rows;
    }
}
