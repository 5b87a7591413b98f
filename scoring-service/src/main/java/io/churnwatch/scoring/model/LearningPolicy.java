package io.churnwatch.scoring.model;

import java.util.List;

/**
 * How a tenant turns its model's probability of churn within the horizon into levels: fixed thresholds
 * on the 0-100 probability scale, or a target precision, for which the high threshold is read off the
 * model's last validation curve (the lowest probability at which that share of flagged snapshots churned)
 * and the other thresholds keep their proportions to it.
 *
 * @param thresholds levels on the probability scale (percent), with hysteresis
 * @param targetPrecision wanted precision of high, or null to use {@code thresholds} as they are
 * @param setsLevels whether the tenant's trained model sets its levels (true) or stays in shadow behind the rules
 *        (false); null follows the service's {@code churnwatch.scoring.learning.sets-levels}
 */
public record LearningPolicy(LevelThresholds thresholds, Double targetPrecision, Boolean setsLevels) {

    /** High from a 30% probability of churn within the horizon, left below 20%. */
    public static final LearningPolicy DEFAULT = new LearningPolicy(new LevelThresholds(15, 10, 30, 20, 60, 50), null, null);

    public LearningPolicy {
        if (thresholds == null) {
            thresholds = DEFAULT.thresholds();
        }
        if (targetPrecision != null && !(targetPrecision > 0 && targetPrecision < 1)) {
            throw new IllegalArgumentException("targetPrecision must lie between 0 and 1");
        }
    }

    /** Whether a trained model sets the levels, the service's default unless the tenant chose. */
    public boolean setsLevels(boolean serviceDefault) {
        return setsLevels != null ? setsLevels : serviceDefault;
    }

    /**
     * The thresholds to use with a model whose validation curve is {@code curve} (rows of threshold,
     * precision, recall); the fixed ones when no target is set or no point of the curve reaches it.
     */
    public LevelThresholds levels(List<double[]> curve) {
        if (targetPrecision == null || curve == null) {
            return thresholds;
        }
        for (double[] point : curve) {
            if (point[1] >= targetPrecision) {
                double factor = 100 * point[0] / thresholds.enterHigh();
                return thresholds.scaled(factor);
            }
        }
        return thresholds;
    }
}
