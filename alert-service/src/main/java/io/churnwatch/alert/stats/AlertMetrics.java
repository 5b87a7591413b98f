package io.churnwatch.alert.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Business metrics of the alert service for operations dashboards, all named {@code churnwatch.alert.*}
 * and tagged by tenant at most (never by customer or episode):
 * <ul>
 * <li>{@code churnwatch.alert.episodes.opened} counter {tenant, level}: episodes opened or reopened;</li>
 * <li>{@code churnwatch.alert.acknowledgement.time} timer {tenant}: time from opening to the first acknowledgement (histogram);</li>
 * <li>{@code churnwatch.alert.deliveries} counter {tenant, channel_type, outcome}: delivery attempts (sent, retry, failed);</li>
 * <li>{@code churnwatch.alert.episodes.open} gauge {tenant, level}: episodes not resolved;</li>
 * <li>{@code churnwatch.alert.outbox.backlog} gauge {outbox}: undelivered notifications ({@code deliveries}) and unpublished AlertEvents ({@code events});</li>
 * <li>{@code churnwatch.alert.precision} gauge {tenant}: resolved as saved or churned / all resolved (the statistics' precision).</li>
 * </ul>
 * The gauges are recomputed from the database every {@code churnwatch.alert.metrics.refresh-every}.
 */
@ApplicationScoped
public class AlertMetrics {

    private static final Logger LOG = Logger.getLogger(AlertMetrics.class);
    private static final Duration[] ACK_BUCKETS = {
        Duration.ofMinutes(5),
        Duration.ofMinutes(15),
        Duration.ofHours(1),
        Duration.ofHours(4),
        Duration.ofHours(12),
        Duration.ofDays(1),
        Duration.ofDays(3),
        Duration.ofDays(7)
    };

    private final MeterRegistry registry;
    private final Pool pool;
    private final MultiGauge openEpisodes;
    private final MultiGauge backlog;
    private final MultiGauge precision;

    public AlertMetrics(MeterRegistry registry, Pool pool) {
        this.registry = registry;
        this.pool = pool;
        this.openEpisodes = MultiGauge.builder("churnwatch.alert.episodes.open")
                .description("Alert episodes not resolved")
                .register(registry);
        this.backlog = MultiGauge.builder("churnwatch.alert.outbox.backlog")
                .description("Outbox rows not yet delivered or published")
                .register(registry);
        this.precision = MultiGauge.builder("churnwatch.alert.precision")
                .description("Resolved episodes that were real risk (saved or churned) / all resolved")
                .register(registry);
    }

    public void opened(String tenant, String level) {
        Counter.builder("churnwatch.alert.episodes.opened")
                .description("Alert episodes opened or reopened")
                .tags("tenant", tenant, "level", level.toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    public void acknowledged(String tenant, Duration sinceOpened) {
        Timer.builder("churnwatch.alert.acknowledgement.time")
                .description("Time from opening an episode to its first acknowledgement")
                .tags("tenant", tenant)
                .serviceLevelObjectives(ACK_BUCKETS)
                .register(registry)
                .record(sinceOpened.isNegative() ? Duration.ZERO : sinceOpened);
    }

    public void delivery(String tenant, String channelType, String outcome) {
        Counter.builder("churnwatch.alert.deliveries")
                .description("Delivery attempts by channel type and outcome")
                .tags(
                        "tenant",
                        tenant == null ? "unknown" : tenant,
                        "channel_type",
                        channelType.toLowerCase(Locale.ROOT),
                        "outcome",
                        outcome)
                .register(registry)
                .increment();
    }

    @Scheduled(
            every = "${churnwatch.alert.metrics.refresh-every:30s}",
            identity = "alert-metrics",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh()
                .onFailure()
                .invoke(e -> LOG.debugf("Metrics refresh failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    /** Recomputes the gauges from the database. */
    public Uni<Void> refresh() {
        Uni<Void> open = pool.query(
                        "SELECT tenant, level, count(*) AS n FROM alert.episodes WHERE state <> 'RESOLVED' GROUP BY 1, 2")
                .execute()
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> gauges = new ArrayList<>();
                    rows.forEach(r -> gauges.add(MultiGauge.Row.of(
                            Tags.of(
                                    "tenant",
                                    r.getString("tenant"),
                                    "level",
                                    r.getString("level").toLowerCase(Locale.ROOT)),
                            r.getLong("n"))));
                    openEpisodes.register(gauges, true);
                })
                .replaceWithVoid();
        Uni<Void> outbox = pool.query("""
                SELECT 'deliveries' AS outbox, count(*) AS n FROM alert.outbox WHERE state IN ('pending', 'sending')
                UNION ALL SELECT 'events', count(*) FROM alert.event_outbox WHERE sent_at IS NULL""")
                .execute()
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> gauges = new ArrayList<>();
                    rows.forEach(r ->
                            gauges.add(MultiGauge.Row.of(Tags.of("outbox", r.getString("outbox")), r.getLong("n"))));
                    backlog.register(gauges, true);
                })
                .replaceWithVoid();
        Uni<Void> precise = pool.query("""
                SELECT tenant, count(*) FILTER (WHERE outcome IN ('saved', 'churned'))::float8 / count(*) AS p
                FROM alert.episodes WHERE state = 'RESOLVED' GROUP BY tenant""")
                .execute()
                .invoke(rows -> {
                    List<MultiGauge.Row<?>> gauges = new ArrayList<>();
                    rows.forEach(r ->
                            gauges.add(MultiGauge.Row.of(Tags.of("tenant", r.getString("tenant")), r.getDouble("p"))));
                    precision.register(gauges, true);
                })
                .replaceWithVoid();
        return Uni.combine().all().unis(open, outbox, precise).discardItems();
    }
}
