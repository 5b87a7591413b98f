package io.churnwatch.scoring.model;

import io.churnwatch.events.RiskLevel;

/**
 * Score thresholds for the risk levels with hysteresis: a level is entered at its enter threshold and
 * kept until the score falls below its (lower) leave threshold, so a score wobbling around one
 * threshold does not raise alert after alert.
 */
public record LevelThresholds(
        double enterMedium,
        double leaveMedium,
        double enterHigh,
        double leaveHigh,
        double enterCritical,
        double leaveCritical) {

    /** Enter medium 40 / leave below 30; enter high 70 / leave below 60; enter critical 85 / leave below 78. */
    public static final LevelThresholds DEFAULT = new LevelThresholds(40, 30, 70, 60, 85, 78);

    public LevelThresholds {
        if (!(0 < leaveMedium
                && leaveMedium <= enterMedium
                && enterMedium < enterHigh
                && leaveHigh <= enterHigh
                && enterHigh < enterCritical
                && leaveCritical <= enterCritical
                && enterCritical <= 100
                && leaveMedium < leaveHigh
                && leaveHigh < leaveCritical)) {
            throw new IllegalArgumentException("thresholds must rise with the level and leave <= enter: " + this);
        }
    }

    /** Every threshold times {@code factor}, the critical ones capped at 100. */
    public LevelThresholds scaled(double factor) {
        double f = Math.min(factor, 100 / enterCritical);
        return new LevelThresholds(
                enterMedium * f, leaveMedium * f, enterHigh * f, leaveHigh * f, enterCritical * f, leaveCritical * f);
    }

    /**
     * The level for {@code score} given the level before: the highest level whose enter threshold the
     * score reaches if that is above the previous level; otherwise the previous level, stepped down
     * while the score is below the current level's leave threshold.
     */
    public RiskLevel next(RiskLevel previous, double score) {
        RiskLevel entered = RiskLevel.LOW;
        for (RiskLevel level : RiskLevel.values()) {
            if (level != RiskLevel.LOW && score >= enter(level)) {
                entered = level;
            }
        }
        if (entered.compareTo(previous) > 0) {
            return entered;
        }
        RiskLevel kept = previous;
        while (kept != RiskLevel.LOW && score < leave(kept)) {
            kept = RiskLevel.values()[kept.ordinal() - 1];
        }
        return kept;
    }

    private double enter(RiskLevel level) {
        return switch (level) {
            case LOW -> 0;
            case MEDIUM -> enterMedium;
            case HIGH -> enterHigh;
            case CRITICAL -> enterCritical;
        };
    }

    private double leave(RiskLevel level) {
        return switch (level) {
            case LOW -> 0;
            case MEDIUM -> leaveMedium;
            case HIGH -> leaveHigh;
            case CRITICAL -> leaveCritical;
        };
    }
}
