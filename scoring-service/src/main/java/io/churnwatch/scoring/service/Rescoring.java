package io.churnwatch.scoring.service;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.model.BgNbdModel;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.model.Playbooks;
import io.churnwatch.scoring.model.Priority;
import io.churnwatch.scoring.model.RiskAssessment;
import io.churnwatch.scoring.model.RiskScorer;
import io.churnwatch.scoring.model.SignalPolicy;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
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

    /** Rows to persist for one assessment; {@code history} is null when an event moved nothing worth a row, {@code riskChange} when nothing is announced. */
    public record Outcome(ScoreHistoryEntity history, OutboxEntity riskChange) {
    }

    private final ScoringConfig config;

    public Rescoring(ScoringConfig config) {
        this.config = config;
    }

    public Outcome rescore(CustomerEntity customer, CustomerState state, SignalPolicy policy, Optional<BgNbdModel> model,
            Instant now, ScoreHistoryEntity.Cause cause) {
        customer.lastActivityAt = state.getLastActivityAt();
        Double pAlive = AliveModels.pAlive(model, customer, now);
        RiskAssessment assessment = RiskScorer.score(state, policy, now, pAlive);
        double priority = Priority.DEFAULT.of(assessment.score(), state, now);
        List<String> playbooks = Playbooks.suggest(assessment, state, Priority.DEFAULT);
        boolean announce = assessment.levelChanged()
                || Math.abs(assessment.score() - customer.reportedScore) >= config.scoreChangeThreshold();
        OutboxEntity outbox = announce ? outbox(customer, state, assessment, pAlive, priority, playbooks, now) : null;
        state.record(assessment);
        customer.store(state);
        customer.priority = priority;
        customer.pAlive = pAlive;
        if (announce) {
            customer.reportedScore = assessment.score();
        }
        boolean recorded = announce || cause != ScoreHistoryEntity.Cause.EVENT || customer.historyScore == null
                || assessment.levelChanged() || Math.abs(assessment.score() - customer.historyScore) >= config.historyMinMove();
        if (!recorded) {
            return new Outcome(null, outbox);
        }
        customer.historyScore = assessment.score();
        return new Outcome(history(customer, assessment, priority, pAlive, cause), outbox);
    }

    /**
     * Rescores without announcing a risk change, the new score becoming the announced one: for a churn the team
     * itself recorded by resolving the customer's episode, where a change to critical would only reopen it.
     */
    public Outcome rescoreUnannounced(CustomerEntity customer, CustomerState state, SignalPolicy policy,
            Optional<BgNbdModel> model, Instant now) {
        Outcome outcome = rescore(customer, state, policy, model, now, ScoreHistoryEntity.Cause.OUTCOME);
        customer.reportedScore = customer.score;
        return new Outcome(outcome.history(), null);
    }

    private OutboxEntity outbox(CustomerEntity customer, CustomerState state, RiskAssessment assessment, Double pAlive,
            double priority, List<String> playbooks, Instant now) {
        RiskChange change = new RiskChange(UUID.randomUUID().toString(), customer.tenantId, customer.customerId,
                customer.reportedScore, assessment.score(), assessment.previousLevel(), assessment.level(),
                assessment.topFactors(config.topFactors()), state.getMrr(), Priority.tenureDays(state.getSignupDate(), now),
                pAlive, priority, playbooks, state.getSegment(), state.getOwner(), state.ownerLeft(), now);
        OutboxEntity row = new OutboxEntity();
        row.topic = Topics.RISK_CHANGES;
        row.recordKey = change.key();
        row.payload = ContractSerde.toJson(change);
        row.changeId = change.changeId();
        row.tenantId = customer.tenantId;
        return row;
    }

    private static ScoreHistoryEntity history(CustomerEntity customer, RiskAssessment assessment, double priority,
            Double pAlive, ScoreHistoryEntity.Cause cause) {
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
