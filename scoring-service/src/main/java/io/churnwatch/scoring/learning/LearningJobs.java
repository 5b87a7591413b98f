package io.churnwatch.scoring.learning;

import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.FeatureSchema;
import io.churnwatch.scoring.model.IsotonicCalibration;
import io.churnwatch.scoring.model.SnapshotLabels;
import io.churnwatch.scoring.persistence.Churn;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.OutcomeRepository;
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
 * Keeps each tenant's peers and models current, on the tenant's clock (event time in a replay): refreshes
 * the peer statistics, picks up models other instances trained, and trains new models when the tenant
 * has enough churns and the last one is old enough or many churns arrived since: the whole tenant's, and
 * one for each segment with enough churns of its own. Training runs on a
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

    public LearningJobs(
            LearningStore store,
            OutcomeRepository outcomes,
            TenantLearning learning,
            ScoringClock clock,
            ScoringConfig config) {
        this.store = store;
        this.outcomes = outcomes;
        this.learning = learning;
        this.clock = clock;
        this.config = config.learning();
    }

    @Scheduled(
            every = "${churnwatch.scoring.learning.check-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return config.enabled() ? run() : Uni.createFrom().voidItem();
    }

    /** One round over every tenant. */
    public Uni<Void> run() {
        return Panache.withSession(clock::tenantHorizons).chain(horizons -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ScoringClock.Horizon horizon : horizons) {
                chain = chain.chain(() -> refreshPeers(horizon))
                        .chain(() -> refreshModel(horizon))
                        .onFailure()
                        .recoverWithUni(e -> {
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
        return Panache.withSession(() -> store.peers(horizon.tenantId(), horizon.now()))
                .invoke(peers -> learning.usePeers(
                        horizon.tenantId(),
                        new TenantLearning.Peers(horizon.now(), peers.bySegment(), peers.tenant(), peers.owners())))
                .replaceWithVoid();
    }

    private Uni<Void> refreshModel(ScoringClock.Horizon horizon) {
        String tenantId = horizon.tenantId();
        int loaded = learning.newestVersion(tenantId);
        return Panache.withSession(() -> store.newerModels(tenantId, loaded))
                .chain(newer -> {
                    newer.forEach(this::load);
                    return Panache.withSession(() -> outcomes.churns(tenantId, horizon.now()))
                            .map(LearningJobs::byCustomer);
                })
                .chain(churns -> {
                    int known = churns.values().stream().mapToInt(List::size).sum();
                    Optional<TenantLearning.Active> current = learning.model(tenantId);
                    if (known < config.minChurns()
                            || current.isPresent() && !due(current.get().model(), churns, horizon.now())) {
                        return Uni.createFrom().voidItem();
                    }
                    return train(tenantId, learning.newestVersion(tenantId) + 1, horizon.now(), churns, known);
                });
    }

    private static Map<String, List<Instant>> byCustomer(List<Churn> churns) {
        Map<String, List<Instant>> byCustomer = new java.util.HashMap<>();
        churns.forEach(c -> byCustomer
                .computeIfAbsent(c.customerId(), k -> new ArrayList<>())
                .add(c.churnedAt()));
        return byCustomer;
    }

    private boolean due(ChurnModel model, Map<String, List<Instant>> churns, Instant now) {
        long since = churns.values().stream()
                .flatMap(List::stream)
                .filter(t -> t.isAfter(model.trainedAt()))
                .count();
        return !now.isBefore(model.trainedAt().plus(config.retrainEvery())) || since >= config.retrainAfterChurns();
    }

    /** What one model is trained on: the whole tenant ({@code ""}) or one segment, its examples and its churns. */
    private record Scope(String segment, List<ModelTraining.Example> examples, int churns) {}

    private record Model(Scope scope, ModelTraining.Trained trained) {}

    private Uni<Void> train(String tenantId, int version, Instant now, Map<String, List<Instant>> churns, int known) {
        Context context = Vertx.currentContext();
        long started = System.nanoTime();
        return Panache.withSession(() -> store.segments(tenantId)
                        .chain(segments -> store.countSnapshots(tenantId, now).chain(count -> {
                            double sampleRate = Math.min(1.0, config.maxTrainingRows() / Math.max(1.0, count));
                            return store.snapshots(tenantId, now, churns.keySet(), sampleRate)
                                    .map(stored -> new Loaded(stored, segments, sampleRate));
                        })))
                // Parsing and labelling a training set, like training, would block the consumer's event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(loaded -> scopes(
                        examples(loaded.snapshots().parse(), churns, now, loaded.sampleRate()),
                        loaded.segments(),
                        churns,
                        known))
                .map(scopes -> scopes.get(0).examples().stream()
                                        .filter(ModelTraining.Example::churned)
                                        .count()
                                < MIN_POSITIVES
                        ? List.<Model>of()
                        : trainAll(scopes))
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .chain(models -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int i = 0; i < models.size(); i++) {
                        Model model = models.get(i);
                        int modelVersion = version + i;
                        chain = chain.chain(
                                () -> save(tenantId, model.scope(), modelVersion, now, model.trained(), started));
                    }
                    return chain;
                });
    }

    private record Loaded(LearningStore.StoredSnapshots snapshots, Map<String, String> segments, double sampleRate) {}

    /** The whole tenant first, then each segment with enough churns of its own, by name. */
    private List<Scope> scopes(
            List<ModelTraining.Example> examples,
            Map<String, String> segments,
            Map<String, List<Instant>> churns,
            int known) {
        List<Scope> scopes = new ArrayList<>(List.of(new Scope("", examples, known)));
        Map<String, Integer> churnsBySegment = new java.util.TreeMap<>();
        churns.forEach((customer, times) -> {
            String segment = segments.get(customer);
            if (segment != null) {
                churnsBySegment.merge(segment, times.size(), Integer::sum);
            }
        });
        churnsBySegment.forEach((segment, count) -> {
            if (count >= config.segmentMinChurns()) {
                scopes.add(new Scope(
                        segment,
                        examples.stream()
                                .filter(e ->
                                        segment.equals(segments.get(e.snapshot().customerId())))
                                .toList(),
                        count));
            }
        });
        return scopes;
    }

    private List<Model> trainAll(List<Scope> scopes) {
        List<Model> models = new ArrayList<>();
        for (Scope scope : scopes) {
            if (scope.examples().stream().filter(ModelTraining.Example::churned).count() >= MIN_POSITIVES) {
                models.add(new Model(scope, ModelTraining.train(scope.examples(), config.rounds())));
            }
        }
        return models;
    }

    private List<ModelTraining.Example> examples(
            List<ChurnSnapshot> snapshots, Map<String, List<Instant>> churns, Instant now, double sampleRate) {
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

    private Uni<Void> save(
            String tenantId, Scope scope, int version, Instant now, ModelTraining.Trained trained, long started) {
        LearningStore.ModelRow row = new LearningStore.ModelRow(
                tenantId,
                scope.segment(),
                version,
                now,
                trained.schema().names(),
                trained.booster(),
                json(trained.calibration()),
                json(trained.validationCurve()));
        return Panache.withTransaction(() -> store.saveModel(row, trained.rows(), trained.positives(), scope.churns()))
                .invoke(() -> {
                    load(row);
                    LOG.infof(
                            "Tenant %s%s: model m%d trained at %s on %d snapshots (%d churned within the horizon, %d churns)"
                                    + ", %d rounds, %.1f s after the round started",
                            tenantId,
                            scope.segment().isEmpty() ? "" : ", segment " + scope.segment(),
                            version,
                            now,
                            trained.rows(),
                            trained.positives(),
                            scope.churns(),
                            trained.rounds(),
                            (System.nanoTime() - started) / 1e9);
                });
    }

    private void load(LearningStore.ModelRow row) {
        IsotonicCalibration calibration = read(row.calibration(), IsotonicCalibration.class);
        ChurnModel model = ChurnModel.load(
                row.tenantId(),
                row.segment(),
                row.version(),
                row.trainedAt(),
                new FeatureSchema(row.features()),
                row.booster(),
                calibration);
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
