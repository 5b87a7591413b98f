package io.churnwatch.scoring.clock;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.config.ScoringConfig.ClockMode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The one source of "now" for scoring. {@code wall}: the injected {@link Clock}. {@code event-time}: per
 * tenant, the latest event time seen (a watermark kept in {@code scoring.tenant_clocks} in the batch's
 * transaction), so a replay of history scores and finds usage gaps as it would have live.
 */
@ApplicationScoped
public class ScoringClock {

    /** A tenant and its current time; tenant null stands for every tenant (wall mode). */
    public record Horizon(String tenantId, Instant now) {
    }

    private final Clock clock;
    private final ClockMode mode;

    public ScoringClock(Clock clock, ScoringConfig config) {
        this.clock = clock;
        this.mode = config.clock();
    }

    /** The tenant's time after a batch whose latest event time is {@code latestEvent}; runs in the caller's transaction. */
    public Uni<Instant> advance(String tenantId, Instant latestEvent) {
        if (mode == ClockMode.WALL) {
            return Uni.createFrom().item(clock.instant());
        }
        return Panache.getSession().chain(session -> session.createNativeMutationQuery("""
                        INSERT INTO scoring.tenant_clocks (tenant_id, watermark) VALUES (?1, ?2)
                        ON CONFLICT (tenant_id) DO UPDATE SET watermark = GREATEST(scoring.tenant_clocks.watermark, EXCLUDED.watermark)""")
                        .setParameter(1, tenantId).setParameter(2, latestEvent).executeUpdate()
                .chain(() -> session.createNativeQuery("SELECT watermark FROM scoring.tenant_clocks WHERE tenant_id = ?1", Instant.class)
                        .setParameter(1, tenantId).getSingleResult()));
    }

    /**
     * Each tenant with customers and its time: the wall time for every one in wall mode (found by skipping through
     * the primary key, one index probe per tenant), else each tenant's watermark.
     */
    public Uni<List<Horizon>> tenantHorizons() {
        if (mode == ClockMode.EVENT_TIME) {
            return horizons();
        }
        Instant now = clock.instant();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        WITH RECURSIVE tenants(tenant_id) AS (
                            (SELECT tenant_id FROM scoring.customers ORDER BY tenant_id LIMIT 1)
                            UNION ALL
                            SELECT (SELECT c.tenant_id FROM scoring.customers c WHERE c.tenant_id > t.tenant_id
                                    ORDER BY c.tenant_id LIMIT 1)
                            FROM tenants t WHERE t.tenant_id IS NOT NULL)
                        SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL""", String.class).getResultList())
                .map(tenants -> tenants.stream().map(tenant -> new Horizon(tenant, now)).toList());
    }

    /** The times the gap scan works at: one wall time, or each tenant's watermark. */
    public Uni<List<Horizon>> horizons() {
        if (mode == ClockMode.WALL) {
            return Uni.createFrom().item(List.of(new Horizon(null, clock.instant())));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "SELECT tenant_id, watermark FROM scoring.tenant_clocks", Object[].class).getResultList())
                .map(rows -> rows.stream().map(row -> new Horizon((String) row[0], toInstant(row[1]))).toList());
    }

    /** Whether scores are computed on event time (per-tenant watermarks) rather than the wall clock. */
    public boolean eventTime() {
        return mode == ClockMode.EVENT_TIME;
    }

    /** The wall clock's time, for bookkeeping that is not scoring (retention, outbox times). */
    public Instant wallNow() {
        return clock.instant();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime time) {
            return time.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
