package io.churnwatch.scoring.model;

import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One explained risk score of a customer at one instant.
 *
 * @param score risk from 0 to 100
 * @param level level after hysteresis against {@code previousLevel}
 * @param previousLevel the level the customer had before this assessment
 * @param previousScore the score the customer had before this assessment
 * @param factors contributions in score points, largest magnitude first; they add up to the score
 *     when the raw total is positive
 * @param rawPoints the sum of the raw factor points before mapping to 0..100
 * @param at the scoring instant
 * @param nextDueAt when the usage-gap factor next steps up, or null when it cannot
 * @param usageGapRatio the current gap as a multiple of the customer's normal interval (0 when unknown)
 * @param pAlive the P(alive) used, or null
 * @param churned whether the customer is churned (score 100, level critical, one factor)
 */
public record RiskAssessment(
        double score,
        RiskLevel level,
        RiskLevel previousLevel,
        double previousScore,
        List<RiskFactor> factors,
        double rawPoints,
        Instant at,
        Instant nextDueAt,
        double usageGapRatio,
        Double pAlive,
        boolean churned) {

    public RiskAssessment {
        factors = List.copyOf(factors);
    }

    /** The same assessment, due again at {@code due}. */
    public RiskAssessment withNextDueAt(Instant due) {
        return new RiskAssessment(
                score,
                level,
                previousLevel,
                previousScore,
                factors,
                rawPoints,
                at,
                due,
                usageGapRatio,
                pAlive,
                churned);
    }

    /** Whether the level moved to high or critical from below it: what counts as an alert. */
    public boolean raisesAlert() {
        return level.isAtLeast(RiskLevel.HIGH) && level.compareTo(previousLevel) > 0;
    }

    public boolean levelChanged() {
        return level != previousLevel;
    }

    /** The first {@code n} factors. */
    public List<RiskFactor> topFactors(int n) {
        return factors.subList(0, Math.min(n, factors.size()));
    }

    public Optional<RiskFactor> factor(String key) {
        return factors.stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
