package io.churnwatch.scoring.model;

import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns a learned model's calibrated probability of churn within the horizon into an explained
 * assessment: the score is 100 × the probability, the level follows the tenant's probability
 * thresholds with hysteresis, and each feature's contribution (its share of the model's log-odds above
 * the base rate, e.g. XGBoost's SHAP values) becomes a factor in score points, so the inbox and the
 * channels show why as they do for the rules.
 */
public final class LearnedScorer {

    private static final double SHOWN_CONTRIBUTION = 0.5;

    private LearnedScorer() {
    }

    /**
     * @param probability calibrated P(churn within the horizon)
     * @param contributions per feature name, its log-odds contribution (the bias term left out)
     * @param snapshot the features the model saw, for the labels
     * @param peers the customer's peers, for the labels, or null
     * @param thresholds the levels on the 0-100 probability scale
     * @param nextDueAt when the customer should be looked at again without an event
     */
    public static RiskAssessment assess(CustomerState state, double probability, Map<String, Double> contributions,
            ChurnSnapshot snapshot, PeerStats peers, LevelThresholds thresholds, Instant now, Instant nextDueAt,
            Double pAlive) {
        double score = Math.max(0, Math.min(100, 100 * probability));
        double raising = contributions.values().stream().mapToDouble(v -> Math.max(0, v)).sum();
        double lowering = contributions.values().stream().mapToDouble(v -> Math.max(0, -v)).sum();
        Map<String, Double> previous = state.getFactorContributions();
        List<RiskFactor> factors = new ArrayList<>();
        contributions.forEach((name, value) -> {
            double points = value > 0 ? score * value / raising : -(100 - score) * -value / Math.max(lowering, 1e-9) / 4;
            if (Math.abs(points) >= SHOWN_CONTRIBUTION) {
                factors.add(new RiskFactor(name, LearnedFactorLabels.label(name, snapshot, peers, points), points,
                        points - previous.getOrDefault(name, 0.0)));
            }
        });
        factors.sort(Comparator.comparingDouble((RiskFactor f) -> -f.contribution()).thenComparing(RiskFactor::key));
        RiskLevel level = thresholds.next(state.getLevel(), score);
        return new RiskAssessment(score, level, state.getLevel(), state.getScore(), factors, raising - lowering, now,
                nextDueAt, 0, pAlive, false);
    }
}
