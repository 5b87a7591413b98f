package io.churnwatch.scoring.alive;

import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.BgNbdFit;
import io.churnwatch.scoring.model.RepeatHistory;
import io.churnwatch.scoring.persistence.BgNbdFitEntity;
import io.churnwatch.scoring.persistence.BgNbdFitRepository;
import io.churnwatch.scoring.persistence.CustomerRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refits each tenant's BG/NBD model from its customers' activity summaries (x = repeat activity days, t_x
 * and T in weeks, see {@link AliveModels#history}) once its last fit is {@code churnwatch.scoring.bg-nbd.every}
 * old on the tenant's clock: the wall clock live, the tenant's event-time watermark in a replay, so customers
 * are aged to the time they are scored at. The optimisation runs on a worker thread. Tenants with too few
 * customers or no repeat activity keep no model (P(alive) stays unused).
 */
@ApplicationScoped
public class BgNbdRefit {

    private static final Logger LOG = Logger.getLogger(BgNbdRefit.class);

    private final ScoringClock clock;
    private final AliveModels alive;
    private final ScoringConfig config;
    private final CustomerRepository customers;
    private final BgNbdFitRepository fits;

    public BgNbdRefit(
            ScoringClock clock,
            AliveModels alive,
            ScoringConfig config,
            CustomerRepository customers,
            BgNbdFitRepository fits) {
        this.clock = clock;
        this.alive = alive;
        this.config = config;
        this.customers = customers;
        this.fits = fits;
    }

    @Scheduled(
            every = "${churnwatch.scoring.learning.check-every:60s}",
            delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refitDue().replaceWithVoid();
    }

    /** Refits every tenant whose fit is missing or due on its clock; returns how many tenants got a model. */
    public Uni<Integer> refitDue() {
        Optional<Duration> every = every(config.bgNbd().every());
        if (every.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.withSession(() -> clock.tenantHorizons()
                        .map(BgNbdRefit::times)
                        .chain(times -> fits.listAll().map(stored -> due(times, stored, every.get()))))
                .chain(due -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Map.Entry<String, Instant> tenant : due.entrySet()) {
                        chain = chain.chain(
                                n -> refit(tenant.getKey(), tenant.getValue()).map(fitted -> fitted ? n + 1 : n));
                    }
                    return chain;
                });
    }

    /** The refit period, or empty when switched off. */
    static Optional<Duration> every(String setting) {
        return "off".equalsIgnoreCase(setting.trim())
                ? Optional.empty()
                : Optional.of(DurationConverter.parseDuration(setting.trim()));
    }

    private static Map<String, Instant> times(List<ScoringClock.Horizon> horizons) {
        Map<String, Instant> times = new LinkedHashMap<>();
        horizons.forEach(horizon -> times.put(horizon.tenantId(), horizon.now()));
        return times;
    }

    private static Map<String, Instant> due(Map<String, Instant> times, List<BgNbdFitEntity> fits, Duration every) {
        Map<String, Instant> fittedAt = new HashMap<>();
        fits.forEach(f -> fittedAt.put(f.tenantId, f.fittedAt));
        Map<String, Instant> due = new LinkedHashMap<>();
        times.forEach((tenant, now) -> {
            if (isDue(fittedAt.get(tenant), now, every)) {
                due.put(tenant, now);
            }
        });
        return due;
    }

    /** Whether a fit made at {@code fittedAt} (null: never) is due again at {@code now}. */
    static boolean isDue(Instant fittedAt, Instant now, Duration every) {
        return fittedAt == null || !now.isBefore(fittedAt.plus(every)) || now.isBefore(fittedAt);
    }

    /** Refits one tenant with its customers aged to {@code now}; true when a model was stored. */
    public Uni<Boolean> refit(String tenantId, Instant now) {
        Context context = Vertx.currentContext();
        return Panache.withSession(
                        () -> customers.activitySpans(tenantId, config.bgNbd().maxCustomers()))
                .map(spans -> spans.stream()
                        .map(c -> AliveModels.history(c.firstActivityAt(), c.lastActivityAt(), c.activityDays(), now))
                        .flatMap(Optional::stream)
                        .toList())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(histories -> fit(tenantId, histories))
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(fit -> fit.isEmpty()
                        ? Uni.createFrom().item(false)
                        : Panache.withTransaction(() -> fits.save(entity(tenantId, fit.get(), now)))
                                .invoke(alive::invalidate)
                                .replaceWith(true));
    }

    private Optional<BgNbdFit> fit(String tenantId, List<RepeatHistory> histories) {
        if (histories.size() < config.bgNbd().minCustomers()
                || histories.stream().allMatch(h -> h.frequency() == 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(BgNbdFit.fit(histories));
        } catch (RuntimeException e) {
            LOG.warnf(e, "BG/NBD fit failed for tenant %s", tenantId);
            return Optional.empty();
        }
    }

    private static BgNbdFitEntity entity(String tenantId, BgNbdFit fit, Instant now) {
        BgNbdFitEntity entity = new BgNbdFitEntity();
        entity.tenantId = tenantId;
        entity.r = fit.model().r();
        entity.alpha = fit.model().alpha();
        entity.a = fit.model().a();
        entity.b = fit.model().b();
        entity.customers = fit.customers();
        entity.logLikelihood = fit.logLikelihood();
        entity.fittedAt = now;
        return entity;
    }
}
