package io.churnwatch.scoring.state;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.alive.AliveModels;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.learning.ChurnModel;
import io.churnwatch.scoring.learning.TenantLearning;
import io.churnwatch.scoring.model.BgNbdModel;
import io.churnwatch.scoring.model.ChurnFeatures;
import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.model.LearnedScorer;
import io.churnwatch.scoring.model.LevelThresholds;
import io.churnwatch.scoring.model.PeerStats;
import io.churnwatch.scoring.model.Playbooks;
import io.churnwatch.scoring.model.Priority;
import io.churnwatch.scoring.model.RiskAssessment;
import io.churnwatch.scoring.model.RiskScorer;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
import io.churnwatch.scoring.policy.TenantPolicies;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Scores one customer with the pure core and records the outcome on the entity. Returns what must be
 * persisted in the same transaction: a history row and, when the level changed or the score moved by
 * {@code churnwatch.scoring.score-change-threshold} since the last announced score, an outbox row
 * carrying the {@link RiskChange}.
 */
@ApplicationScoped
public class Rescoring {

    /**
     * Rows to persist for one assessment; {@code history} is null when an event moved nothing worth a row,
     * {@code riskChange} when nothing is announced, {@code snapshot} when no features are kept this time.
     */
    public record Outcome(ScoreHistoryEntity history, OutboxEntity riskChange, LearningStore.SnapshotRow snapshot) {}

    /** The model version of an assessment made by the rules. */
    public static final String RULES = "rules";

    private final ScoringConfig config;
    private final TenantLearning learning;

    public Rescoring(ScoringConfig config, TenantLearning learning) {
        this.config = config;
        this.learning = learning;
    }

    public Outcome rescore(
            CustomerEntity customer,
            CustomerState state,
            TenantPolicies policies,
            Optional<BgNbdModel> model,
            Instant now,
            ScoreHistoryEntity.Cause cause) {
        customer.lastActivityAt = state.getLastActivityAt();
        Double pAlive = AliveModels.pAlive(model, customer, now);
        ScoringConfig.Learning settings = config.learning();
        boolean learns = settings.enabled() && !state.churned();
        boolean keep = learns && snapshotDue(customer, state, now);
        Optional<TenantLearning.Active> active = learns && policies.learning().setsLevels(settings.setsLevels())
                ? learning.model(customer.tenantId, state.getSegment())
                : Optional.empty();
        // Features cost a little on every rescoring: computed only when kept for training or read by a model.
        PeerStats peers = keep || active.isPresent()
                ? learning.peers(customer.tenantId, state.getSegment(), settings.minPeers())
                : null;
        RiskAssessment rules = RiskScorer.score(state, policies.forSegment(state.getSegment()), now, pAlive);
        ChurnSnapshot snapshot = keep || active.isPresent()
                ? ChurnFeatures.snapshot(customer.customerId, state, peers, pAlive, rules.score(), now)
                : null;
        RiskAssessment assessment;
        if (active.isPresent()) {
            ChurnModel churnModel = active.get().model();
            double probability = churnModel.probability(snapshot);
            LevelThresholds levels =
                    policies.learning().levels(active.get().curve(), learning.customersPerOwner(customer.tenantId));
            double score = LearnedScorer.score(probability);
            // The explanation (TreeSHAP, ~0.1 ms) costs a hundred predictions: made anew only for a new model or an
            // announced score; a recorded one rescales the last and words it.
            boolean levelChanged = levels.next(state.getLevel(), score) != state.getLevel();
            boolean explain =
                    !churnModel.label().equals(state.getModelVersion()) || announced(customer, score, levelChanged);
            assessment = LearnedScorer.assess(
                    state,
                    probability,
                    explain ? churnModel.contributions(snapshot) : null,
                    explain || recorded(customer, cause, score, levelChanged),
                    snapshot,
                    peers,
                    levels,
                    now,
                    recheckAt(state, now, null),
                    pAlive);
            state.setProbability(probability);
            state.setModelVersion(churnModel.label());
        } else {
            assessment = rules;
            if (learns) {
                assessment = assessment.withNextDueAt(recheckAt(state, now, assessment.nextDueAt()));
            }
            state.setProbability(null);
            state.setModelVersion(RULES);
        }
        LearningStore.SnapshotRow kept = null;
        if (keep) {
            customer.snapshotAt = now;
            kept = new LearningStore.SnapshotRow(customer.tenantId, snapshot);
        }
        double priority = Priority.DEFAULT.of(assessment.score(), state, now);
        List<String> playbooks = Playbooks.suggest(assessment, state, Priority.DEFAULT);
        boolean announce = announced(customer, assessment.score(), assessment.levelChanged());
        state.record(assessment);
        OutboxEntity outbox = announce ? outbox(customer, state, assessment, pAlive, priority, playbooks, now) : null;
        customer.store(state);
        customer.priority = priority;
        customer.pAlive = pAlive;
        if (announce) {
            customer.reportedScore = assessment.score();
        }
        if (!recorded(customer, cause, assessment.score(), assessment.levelChanged())) {
            return new Outcome(null, outbox, kept);
        }
        customer.historyScore = assessment.score();
        return new Outcome(history(customer, assessment, priority, pAlive, cause), outbox, kept);
    }

    /** Whether a new score is announced as a risk change: its level changed, or it moved far enough since the last one. */
    private boolean announced(CustomerEntity customer, double score, boolean levelChanged) {
        return levelChanged || Math.abs(score - customer.reportedScore) >= config.scoreChangeThreshold();
    }

    /** Whether a new score gets a history row: announced, not caused by an event, or moved enough since the last row. */
    private boolean recorded(
            CustomerEntity customer, ScoreHistoryEntity.Cause cause, double score, boolean levelChanged) {
        return announced(customer, score, levelChanged)
                || cause != ScoreHistoryEntity.Cause.EVENT
                || customer.historyScore == null
                || Math.abs(score - customer.historyScore) >= config.historyMinMove();
    }

    /** Silent customers are looked at again every recheck period, until they have been silent too long. */
    private Instant recheckAt(CustomerState state, Instant now, Instant ruleDue) {
        if (dormant(state, now)) {
            return ruleDue;
        }
        Instant recheck = now.plus(config.learning().recheckEvery());
        return ruleDue == null || recheck.isBefore(ruleDue) ? recheck : ruleDue;
    }

    /** Whether the customer's features are due to be kept for training: not dormant, none kept for a while. */
    private boolean snapshotDue(CustomerEntity customer, CustomerState state, Instant now) {
        return !dormant(state, now)
                && (customer.snapshotAt == null
                        || !now.isBefore(
                                customer.snapshotAt.plus(config.learning().snapshotEvery())));
    }

    private boolean dormant(CustomerState state, Instant now) {
        Instant since = state.getLastActivityAt() != null ? state.getLastActivityAt() : state.getFirstSeenAt();
        return since == null || since.plus(config.learning().dormantAfter()).isBefore(now);
    }

    /**
     * Rescores without announcing a risk change, the new score becoming the announced one: for a churn the team
     * itself recorded by resolving the customer's episode, where a change to critical would only reopen it.
     */
    public Outcome rescoreUnannounced(
            CustomerEntity customer,
            CustomerState state,
            TenantPolicies policies,
            Optional<BgNbdModel> model,
            Instant now) {
        Outcome outcome = rescore(customer, state, policies, model, now, ScoreHistoryEntity.Cause.OUTCOME);
        customer.reportedScore = customer.score;
        return new Outcome(outcome.history(), null, outcome.snapshot());
    }

    private OutboxEntity outbox(
            CustomerEntity customer,
            CustomerState state,
            RiskAssessment assessment,
            Double pAlive,
            double priority,
            List<String> playbooks,
            Instant now) {
        RiskChange change = new RiskChange(
                UUID.randomUUID().toString(),
                customer.tenantId,
                customer.customerId,
                customer.reportedScore,
                assessment.score(),
                assessment.previousLevel(),
                assessment.level(),
                assessment.topFactors(config.topFactors()),
                state.getMrr(),
                Priority.tenureDays(state.getSignupDate(), now),
                pAlive,
                priority,
                playbooks,
                state.getSegment(),
                state.getOwner(),
                state.ownerLeft(),
                now,
                state.getProbability(),
                state.getModelVersion());
        OutboxEntity row = new OutboxEntity();
        row.topic = Topics.RISK_CHANGES;
        row.recordKey = change.key();
        row.payload = ContractSerde.toJson(change);
        row.changeId = change.changeId();
        row.tenantId = customer.tenantId;
        return row;
    }

    private static ScoreHistoryEntity history(
            CustomerEntity customer,
            RiskAssessment assessment,
            double priority,
            Double pAlive,
            ScoreHistoryEntity.Cause cause) {
        ScoreHistoryEntity row = new ScoreHistoryEntity();
        row.tenantId = customer.tenantId;
        row.customerId = customer.customerId;
        row.scoredAt = assessment.at();
        row.score = assessment.score();
        row.level = assessment.level();
        row.priority = priority;
        row.pAlive = pAlive;
        row.cause = cause;
        row.factors = new String(ContractSerde.toJson(assessment.factors()), java.nio.charset.StandardCharsets.UTF_8);
        return row;
    }
}
