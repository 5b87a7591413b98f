package io.churnwatch.scoring.model;

import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
    /** Factors kept per assessment, the largest either way: what a person reads, and what the state stores. */
    private static final int KEPT_FACTORS = 8;
    /** Lowering factors are shown at a quarter of what the score lacks of 100, so they never dwarf the raising ones. */
    private static final double LOWERING_SHARE = 4;

    private LearnedScorer() {}

    /** The score of a probability: 100 times it, within 0..100. */
    public static double score(double probability) {
        return Math.max(0, Math.min(100, 100 * probability));
    }

    /**
     * @param probability calibrated P(churn within the horizon)
     * @param contributions per feature name, its log-odds contribution (the bias term left out), or null when this
     *        assessment is not worth a new explanation (it is not announced): the last one is kept, rescaled to the
     *        new score
     * @param worded whether the factors get their words (the assessment is announced or recorded), else their keys
     * @param snapshot the features the model saw, for the labels
     * @param peers the customer's peers, for the labels, or null
     * @param thresholds the levels on the 0-100 probability scale
     * @param nextDueAt when the customer should be looked at again without an event
     */
    public static RiskAssessment assess(
            CustomerState state,
            double probability,
            Map<String, Double> contributions,
            boolean worded,
            ChurnSnapshot snapshot,
            PeerStats peers,
            LevelThresholds thresholds,
            Instant now,
            Instant nextDueAt,
            Double pAlive) {
        double score = score(probability);
        Map<String, Double> previous = state.getFactorContributions();
        Map<String, Double> points =
                contributions == null ? rescaled(previous, state.getScore(), score) : points(contributions, score);
        List<RiskFactor> factors = new ArrayList<>();
        points.entrySet().stream()
                .filter(e -> Math.abs(e.getValue()) >= SHOWN_CONTRIBUTION)
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .limit(KEPT_FACTORS)
                .forEach(e -> factors.add(new RiskFactor(
                        e.getKey(),
                        worded ? LearnedFactorLabels.label(e.getKey(), snapshot, peers, e.getValue()) : e.getKey(),
                        e.getValue(),
                        e.getValue() - previous.getOrDefault(e.getKey(), 0.0))));
        factors.sort(
                Comparator.comparingDouble((RiskFactor f) -> -f.contribution()).thenComparing(RiskFactor::key));
        double raw = points.values().stream().mapToDouble(Double::doubleValue).sum();
        RiskLevel level = thresholds.next(state.getLevel(), score);
        return new RiskAssessment(
                score, level, state.getLevel(), state.getScore(), factors, raw, now, nextDueAt, 0, pAlive, false);
    }

    /** Log-odds contributions as score points: the raising ones share the score, the lowering ones what it lacks of 100. */
    private static Map<String, Double> points(Map<String, Double> contributions, double score) {
        double raising =
                contributions.values().stream().mapToDouble(v -> Math.max(0, v)).sum();
        double lowering = contributions.values().stream()
                .mapToDouble(v -> Math.max(0, -v))
                .sum();
        Map<String, Double> points = new HashMap<>();
        contributions.forEach((name, value) -> points.put(
                name,
                value > 0
                        ? score * value / raising
                        : -(100 - score) * -value / Math.max(lowering, 1e-9) / LOWERING_SHARE));
        return points;
    }

    /** The kept factors scaled from the last score to the new one (lowering ones kept as they were). */
    private static Map<String, Double> rescaled(Map<String, Double> previous, double previousScore, double score) {
        Map<String, Double> points = new HashMap<>();
        previous.forEach((name, value) ->
                points.put(name, value > 0 && previousScore > 0 ? value * score / previousScore : value));
        return points;
    }
}
