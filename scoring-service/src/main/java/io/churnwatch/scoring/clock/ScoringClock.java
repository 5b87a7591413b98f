package io.churnwatch.scoring.clock;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.config.ScoringConfig.ClockMode;
import io.churnwatch.scoring.persistence.TenantClockRepository;
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
    public record Horizon(String tenantId, Instant now) {}

    private final Clock clock;
    private final ClockMode mode;
    private final TenantClockRepository watermarks;

    public ScoringClock(Clock clock, ScoringConfig config, TenantClockRepository watermarks) {
        this.clock = clock;
        this.mode = config.clock();
        this.watermarks = watermarks;
    }

    /** The tenant's time after a batch whose latest event time is {@code latestEvent}; runs in the caller's transaction. */
    public Uni<Instant> advance(String tenantId, Instant latestEvent) {
        if (mode == ClockMode.WALL) {
            return Uni.createFrom().item(clock.instant());
        }
        return watermarks.advance(tenantId, latestEvent);
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
        return watermarks
                .tenantsWithCustomers()
                .map(tenants ->
                        tenants.stream().map(tenant -> new Horizon(tenant, now)).toList());
    }

    /** The times the gap scan works at: one wall time, or each tenant's watermark. */
    public Uni<List<Horizon>> horizons() {
        if (mode == ClockMode.WALL) {
            return Uni.createFrom().item(List.of(new Horizon(null, clock.instant())));
        }
        return watermarks
                .watermarks()
                .map(rows -> rows.stream()
                        .map(row -> new Horizon(row.tenantId(), row.at()))
                        .toList());
    }

    /** Whether scores are computed on event time (per-tenant watermarks) rather than the wall clock. */
    public boolean eventTime() {
        return mode == ClockMode.EVENT_TIME;
    }

    /** The wall clock's time, for bookkeeping that is not scoring (retention, outbox times). */
    public Instant wallNow() {
        return clock.instant();
    }
}
