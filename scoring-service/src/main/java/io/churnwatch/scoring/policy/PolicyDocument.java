package io.churnwatch.scoring.policy;

import io.churnwatch.scoring.model.LearningPolicy;
import io.churnwatch.scoring.model.LevelThresholds;
import io.churnwatch.scoring.model.SignalPolicy;
import io.churnwatch.scoring.model.SignalRule;
import java.time.Duration;
import java.util.Map;

/**
 * A policy override as the policy API reads and writes it: every member optional, laid over the
 * documented defaults ({@link SignalPolicy#defaults()}), a segment's override over the tenant's.
 *
 * @param thresholds level thresholds with hysteresis, or null to inherit
 * @param weights per event type: raw points, half-life in days and cap (custom types included), merged into the inherited ones
 * @param pAliveMaxPoints raw points when P(alive) is 0, or null to inherit
 * @param scale raw points at which the score reaches 63, or null to inherit
 * @param learning how a learned model's probability becomes levels (tenant default only), or null for the default
 * @param usageGap members of the usage-gap rule to change, or null to inherit
 * @param engagement members of the fading-engagement rule to change, or null to inherit
 * @param nps members of the NPS rule to change, or null to inherit
 */
public record PolicyDocument(LevelThresholds thresholds, Map<String, Weight> weights, Double pAliveMaxPoints, Double scale,
        LearningPolicy learning, RuleOverrides.UsageGap usageGap, RuleOverrides.Engagement engagement, RuleOverrides.Nps nps) {

    /**
     * One event type's weight.
     *
     * @param points raw points per fresh event (negative lowers risk)
     * @param halfLifeDays days after which an event counts half
     * @param cap largest total magnitude of this type
     */
    public record Weight(double points, double halfLifeDays, double cap) {

        SignalRule toRule() {
            if (!(halfLifeDays > 0) || !(cap >= 0)) {
                throw new IllegalArgumentException("halfLifeDays must be positive and cap non-negative");
            }
            return new SignalRule(points, Duration.ofSeconds(Math.round(halfLifeDays * 86_400)), cap);
        }
    }

    /** This override laid over {@code base}. */
    public SignalPolicy over(SignalPolicy base) {
        SignalPolicy policy = base;
        if (weights != null) {
            for (Map.Entry<String, Weight> weight : weights.entrySet()) {
                policy = policy.withRule(weight.getKey(), weight.getValue().toRule());
            }
        }
        if (thresholds != null) {
            policy = policy.withThresholds(thresholds);
        }
        if (pAliveMaxPoints != null || scale != null || usageGap != null || engagement != null || nps != null) {
            policy = new SignalPolicy(policy.rules(), nps != null ? nps.over(policy.nps()) : policy.nps(),
                    usageGap != null ? usageGap.over(policy.usageGap()) : policy.usageGap(),
                    engagement != null ? engagement.over(policy.engagement()) : policy.engagement(),
                    pAliveMaxPoints != null ? pAliveMaxPoints : policy.pAliveMaxPoints(),
                    scale != null ? scale : policy.scale(), policy.thresholds());
        }
        return policy;
    }
}
