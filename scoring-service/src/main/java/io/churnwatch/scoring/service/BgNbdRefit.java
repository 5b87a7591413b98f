package io.churnwatch.scoring.service;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.BgNbdFit;
import io.churnwatch.scoring.model.RepeatHistory;
import io.churnwatch.scoring.persistence.BgNbdFitEntity;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Periodically refits each tenant's BG/NBD model from its customers' activity summaries (x = repeat
 * activity days, t_x and T in weeks, see {@link AliveModels#history}); the optimisation runs on a worker
 * thread. Tenants with too few customers or no repeat activity keep no model (P(alive) stays unused).
 */
@ApplicationScoped
public class BgNbdRefit {

    private static final Logger LOG = Logger.getLogger(BgNbdRefit.class);

    private final ScoringClock clock;
    private final AliveModels alive;
    private final ScoringConfig config;

    public BgNbdRefit(ScoringClock clock, AliveModels alive, ScoringConfig config) {
        this.clock = clock;
        this.alive = alive;
        this.config = config;
    }

    @Scheduled(every = "${churnwatch.scoring.bg-nbd.every:6h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refitAll().replaceWithVoid();
    }

    /** Refits every tenant with customers; returns how many tenants got a model. */
    public Uni<Integer> refitAll() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                "select distinct c.tenantId from CustomerEntity c", String.class).getResultList()))
                .chain(tenants -> {
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (String tenant : tenants) {
                        chain = chain.chain(n -> refit(tenant).map(fitted -> fitted ? n + 1 : n));
                    }
                    return chain;
                });
    }

    /** Refits one tenant; true when a model was stored. */
    public Uni<Boolean> refit(String tenantId) {
        Instant now = clock.wallNow();
        Context context = Vertx.currentContext();
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery(
                        "from CustomerEntity c where c.tenantId = ?1 and c.activityDays > 0 order by c.lastActivityAt desc", CustomerEntity.class)
                .setParameter(1, tenantId).setMaxResults(config.bgNbd().maxCustomers()).getResultList()))
                .map(customers -> customers.stream().map(c -> AliveModels.history(c, now)).flatMap(Optional::stream).toList())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(histories -> fit(tenantId, histories))
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(fit -> fit.isEmpty() ? Uni.createFrom().item(false)
                        : Panache.withTransaction(() -> Panache.getSession().chain(s -> s.merge(entity(tenantId, fit.get(), now))))
                                .invoke(alive::invalidate).replaceWith(true));
    }

    private Optional<BgNbdFit> fit(String tenantId, List<RepeatHistory> histories) {
        if (histories.size() < config.bgNbd().minCustomers() || histories.stream().allMatch(h -> h.frequency() == 0)) {
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
