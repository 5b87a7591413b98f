package io.churnwatch.scoring.gaps;

import io.churnwatch.scoring.alive.AliveModels;
import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.BgNbdModel;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.CustomerRepository;
import io.churnwatch.scoring.persistence.HistoryRepository;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
import io.churnwatch.scoring.policy.PolicyService;
import io.churnwatch.scoring.policy.TenantPolicies;
import io.churnwatch.scoring.state.Rescoring;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds usage gaps with no event at all: visits only customers whose next due time (when their gap
 * factor next steps up) has passed, in pages locked with SKIP LOCKED, rescoring each at the clock's
 * time; risk changes go to the outbox in the page's transaction. Its cost grows with the due customers.
 */
@ApplicationScoped
public class GapScanner {

    private final CustomerRepository customers;
    private final PolicyService policies;
    private final AliveModels alive;
    private final ScoringClock clock;
    private final Rescoring rescoring;
    private final ScoringConfig config;
    private final LearningStore snapshots;
    private final HistoryRepository history;

    public GapScanner(
            CustomerRepository customers,
            PolicyService policies,
            AliveModels alive,
            ScoringClock clock,
            Rescoring rescoring,
            ScoringConfig config,
            LearningStore snapshots,
            HistoryRepository history) {
        this.snapshots = snapshots;
        this.history = history;
        this.customers = customers;
        this.policies = policies;
        this.alive = alive;
        this.clock = clock;
        this.rescoring = rescoring;
        this.config = config;
    }

    @Scheduled(
            every = "${churnwatch.scoring.gap-scan.every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return scan().replaceWithVoid();
    }

    /** One full scan; returns how many customers were rescored. */
    public Uni<Integer> scan() {
        return Panache.withSession(clock::horizons).chain(horizons -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (ScoringClock.Horizon horizon : horizons) {
                chain = chain.chain(total -> pages(horizon, 0).map(n -> total + n));
            }
            return chain;
        });
    }

    private Uni<Integer> pages(ScoringClock.Horizon horizon, int page) {
        if (page >= config.gapScan().maxPages()) {
            return Uni.createFrom().item(0);
        }
        return Panache.withTransaction(() -> page(horizon))
                .chain(count -> count < config.gapScan().pageSize()
                        ? Uni.createFrom().item(count)
                        : pages(horizon, page + 1).map(more -> count + more));
    }

    private Uni<Integer> page(ScoringClock.Horizon horizon) {
        return customers
                .lockDue(horizon.tenantId(), horizon.now(), config.gapScan().pageSize())
                .chain(due -> {
                    Uni<List<Object>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (CustomerEntity customer : due) {
                        chain = chain.chain(rows -> policies.policies(customer.tenantId)
                                .chain(tenantPolicies -> alive.model(customer.tenantId)
                                        .map(model -> {
                                            rescore(customer, tenantPolicies, model, horizon, rows);
                                            return rows;
                                        })));
                    }
                    return chain.chain(rows -> history.persistAll(rows.stream()
                                            .filter(row -> !(row instanceof LearningStore.SnapshotRow))
                                            .toList())
                                    .chain(() -> snapshots.insertSnapshots(rows.stream()
                                            .filter(LearningStore.SnapshotRow.class::isInstance)
                                            .map(LearningStore.SnapshotRow.class::cast)
                                            .toList())))
                            .replaceWith(due.size());
                });
    }

    /**
     * The time a due customer is rescored at: the horizon's time on the wall clock; on event time, the
     * customer's due time (never later than the watermark). A replay moves the watermark by days between
     * two scans, so scoring at the watermark would date every gap alert late; scoring at the due time
     * dates it when a live scan would have raised it, and the next page picks the customer up again for
     * each further step already passed.
     */
    private Instant scoreAt(CustomerEntity customer, ScoringClock.Horizon horizon) {
        if (!clock.eventTime() || customer.nextDueAt == null || !customer.nextDueAt.isBefore(horizon.now())) {
            return horizon.now();
        }
        return customer.scoredAt != null && customer.scoredAt.isAfter(customer.nextDueAt)
                ? customer.scoredAt
                : customer.nextDueAt;
    }

    private void rescore(
            CustomerEntity customer,
            TenantPolicies tenantPolicies,
            Optional<BgNbdModel> model,
            ScoringClock.Horizon horizon,
            List<Object> rows) {
        var state = customer.toState();
        Rescoring.Outcome outcome = rescoring.rescore(
                customer, state, tenantPolicies, model, scoreAt(customer, horizon), ScoreHistoryEntity.Cause.GAP_SCAN);
        if (outcome.history() != null) {
            rows.add(outcome.history());
        }
        if (outcome.riskChange() != null) {
            rows.add(outcome.riskChange());
        }
        if (outcome.snapshot() != null) {
            rows.add(outcome.snapshot());
        }
    }
}
