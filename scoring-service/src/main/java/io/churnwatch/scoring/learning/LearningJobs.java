package io.churnwatch.scoring.learning;

import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.FeatureSchema;
import io.churnwatch.scoring.model.IsotonicCalibration;
import io.churnwatch.scoring.model.SnapshotLabels;
import io.churnwatch.scoring.persistence.Churn;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.OutcomeRepository;
import io.churnwatch.scoring.service.ScoringClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps each tenant's peers and model current, on the tenant's clock (event time in a replay): refreshes
 * the peer statistics, picks up models other instances trained, and trains a new model when the tenant
 * has enough churns and the last one is old enough or many churns arrived since. Training runs on a
 * worker thread, never on the consumer's event loop.
 */
@ApplicationScoped
public class LearningJobs {

    private static final Logger LOG = Logger.getLogger(LearningJobs.class);
    private static final int MIN_POSITIVES = 20;

    private final LearningStore store;
    private final OutcomeRepository outcomes;
    private final TenantLearning learning;
    private final ScoringClock clock;
    private final ScoringConfig.Learning config;

    public LearningJobs(LearningStore store, OutcomeRepository outcomes, TenantLearning learning, ScoringClock clock,
            ScoringConfig config) {
        this.store = store;
        this.outcomes = outcomes;
        this.learning = learning;
        this.clock = clock;
        this.config = config.learning();
    }

    @Scheduled(every = "${churnwatch.scoring.learning.check-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return config.enabled() ? run() : Uni.createFrom().voidItem();
    }

    /** One round over every tenant. */
    public Uni<Void> run() {
        return Panache.withSession(clock::tenantHorizons).chain(horizons -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ScoringClock.Horizon horizon : horizons) {
                chain = chain.chain(() -> refreshPeers(horizon)).chain(() -> refreshModel(horizon))
                        .onFailure().recoverWithUni(e -> {
                            LOG.warnf(e, "Learning round of tenant %s failed", horizon.tenantId());
                            return Uni.createFrom().voidItem();
                        });
            }
            return chain;
        });
    }

    private Uni<Void> refreshPeers(ScoringClock.Horizon horizon) {
        Optional<Instant> at = learning.peersAt(horizon.tenantId());
        if (at.isPresent() && Duration.between(at.get(), horizon.now()).compareTo(config.peerRefresh()) < 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> store.peers(horizon.tenantId(), horizon.now())).invoke(peers -> learning.usePeers(
                horizon.tenantId(), new TenantLearning.Peers(horizon.now(), peers.bySegment(), peers.tenant(), peers.owners())))
                .replaceWithVoid();
    }

    private Uni<Void> refreshModel(ScoringClock.Horizon horizon) {
        String tenantId = horizon.tenantId();
        int loaded = learning.model(tenantId).map(active -> active.model().version()).orElse(0);
        return Panache.withSession(() -> store.newerModel(tenantId, loaded)).chain(newer -> {
            newer.ifPresent(this::load);
            return Panache.withSession(() -> outcomes.churns(tenantId, horizon.now())).map(LearningJobs::byCustomer);
        }).chain(churns -> {
            int known = churns.values().stream().mapToInt(List::size).sum();
            Optional<TenantLearning.Active> current = learning.model(tenantId);
            if (known < config.minChurns() || current.isPresent() && !due(current.get().model(), churns, horizon.now())) {
                return Uni.createFrom().voidItem();
            }
            int version = current.map(a -> a.model().version() + 1).orElse(1);
            return train(tenantId, version, horizon.now(), churns, known);
        });
    }

    private static Map<String, List<Instant>> byCustomer(List<Churn> churns) {
        Map<String, List<Instant>> byCustomer = new java.util.HashMap<>();
        churns.forEach(c -> byCustomer.computeIfAbsent(c.customerId(), k -> new ArrayList<>()).add(c.churnedAt()));
        return byCustomer;
    }

    private boolean due(ChurnModel model, Map<String, List<Instant>> churns, Instant now) {
        long since = churns.values().stream().flatMap(List::stream).filter(t -> t.isAfter(model.trainedAt())).count();
        return !now.isBefore(model.trainedAt().plus(config.retrainEvery())) || since >= config.retrainAfterChurns();
    }

    private Uni<Void> train(String tenantId, int version, Instant now, Map<String, List<Instant>> churns, int known) {
        Context context = Vertx.currentContext();
        return Panache.withSession(() -> store.countSnapshots(tenantId, now).chain(count -> {
            double sampleRate = Math.min(1.0, config.maxTrainingRows() / Math.max(1.0, count));
            return store.snapshots(tenantId, now, churns.keySet(), sampleRate)
                    .map(snapshots -> examples(snapshots, churns, now, sampleRate));
        }))
                .chain(examples -> {
                    long positives = examples.stream().filter(ModelTraining.Example::churned).count();
                    if (positives < MIN_POSITIVES) {
                        return Uni.createFrom().voidItem();
                    }
                    long started = System.nanoTime();
                    return Uni.createFrom().item(() -> ModelTraining.train(examples, config.rounds()))
                            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                            .emitOn(command -> context.runOnContext(ignored -> command.run()))
                            .chain(trained -> save(tenantId, version, now, trained, known, started));
                });
    }

    private List<ModelTraining.Example> examples(List<ChurnSnapshot> snapshots, Map<String, List<Instant>> churns,
            Instant now, double sampleRate) {
        List<ModelTraining.Example> examples = new ArrayList<>();
        for (ChurnSnapshot snapshot : snapshots) {
            List<Instant> own = churns.getOrDefault(snapshot.customerId(), List.of());
            // Snapshots after a customer's churn describe someone already gone.
            if (own.stream().anyMatch(t -> !t.isAfter(snapshot.at()))) {
                continue;
            }
            float weight = own.isEmpty() ? (float) (1 / sampleRate) : 1f;
            SnapshotLabels.label(snapshot.at(), own, config.horizon(), now)
                    .ifPresent(churned -> examples.add(new ModelTraining.Example(snapshot, churned, weight)));
        }
        return examples;
    }

    private Uni<Void> save(String tenantId, int version, Instant now, ModelTraining.Trained trained, int churns, long started) {
        LearningStore.ModelRow row = new LearningStore.ModelRow(tenantId, version, now, trained.schema().names(),
                trained.booster(), json(trained.calibration()), json(trained.validationCurve()));
        return Panache.withTransaction(() -> store.saveModel(row, trained.rows(),
                trained.positives(), churns)).invoke(() -> {
                    load(row);
                    LOG.infof("Tenant %s: model m%d trained at %s on %d snapshots (%d churned within the horizon, %d churns)"
                            + ", %d rounds, in %.1f s", tenantId, version, now, trained.rows(), trained.positives(), churns,
                            trained.rounds(),
                            (System.nanoTime() - started) / 1e9);
                });
    }

    private void load(LearningStore.ModelRow row) {
        IsotonicCalibration calibration = read(row.calibration(), IsotonicCalibration.class);
        ChurnModel model = ChurnModel.load(row.tenantId(), row.version(), row.trainedAt(), new FeatureSchema(row.features()),
                row.booster(), calibration);
        learning.use(new TenantLearning.Active(model, List.of(read(row.validation(), double[][].class))));
    }

    private static String json(Object value) {
        try {
            return ContractJson.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return ContractJson.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
