package io.churnwatch.scoring.model;

import java.util.List;

/**
 * How a tenant turns its model's probability of churn within the horizon into levels: fixed thresholds
 * on the 0-100 probability scale, or thresholds read off the model's last validation curve: for a target
 * precision, the lowest probability at which that share of flagged snapshots churned; for an alert budget,
 * the lowest probability at which each owner would get at most that many new alerts a week. With both,
 * the stricter wins. The other thresholds keep their proportions to high.
 *
 * @param thresholds levels on the probability scale (percent), with hysteresis
 * @param targetPrecision wanted precision of high, or null
 * @param setsLevels whether the tenant's trained model sets its levels (true) or stays in shadow behind the rules
 *        (false); null follows the service's {@code churnwatch.scoring.learning.sets-levels}
 * @param alertBudget most new alerts (entries into high) per owner and week, or null
 */
public record LearningPolicy(
        LevelThresholds thresholds, Double targetPrecision, Boolean setsLevels, Double alertBudget) {

    /** High from a 30% probability of churn within the horizon, left below 20%. */
    public static final LearningPolicy DEFAULT =
            new LearningPolicy(new LevelThresholds(15, 10, 30, 20, 60, 50), null, null, null);

    /** Columns of a validation curve row. */
    public static final int THRESHOLD = 0;

    public static final int PRECISION = 1;
    public static final int RECALL = 2;
    /** New entries into high per customer and week (rows of older models lack it). */
    public static final int WEEKLY_ALERT_RATE = 3;

    public LearningPolicy {
        if (thresholds == null) {
            thresholds = DEFAULT.thresholds();
        }
        if (targetPrecision != null && !(targetPrecision > 0 && targetPrecision < 1)) {
            throw new IllegalArgumentException("targetPrecision must lie between 0 and 1");
        }
        if (alertBudget != null && !(alertBudget > 0)) {
            throw new IllegalArgumentException("alertBudget must be a positive number of alerts per owner and week");
        }
    }

    /** Whether a trained model sets the levels, the service's default unless the tenant chose. */
    public boolean setsLevels(boolean serviceDefault) {
        return setsLevels != null ? setsLevels : serviceDefault;
    }

    /**
     * The thresholds to use with a model whose validation curve is {@code curve} (rows of threshold, precision,
     * recall, weekly alert rate) for a tenant whose owners each have {@code customersPerOwner} live customers (NaN:
     * unknown, no budget applies); the fixed ones when nothing is targeted or the target precision is out of reach.
     */
    public LevelThresholds levels(List<double[]> curve, double customersPerOwner) {
        if (curve == null || targetPrecision == null && alertBudget == null) {
            return thresholds;
        }
        double high = 0;
        if (targetPrecision != null) {
            double[] reached = curve.stream()
                    .filter(p -> p[PRECISION] >= targetPrecision)
                    .findFirst()
                    .orElse(null);
            if (reached == null) {
                return thresholds;
            }
            high = reached[THRESHOLD];
        }
        if (alertBudget != null && !Double.isNaN(customersPerOwner)) {
            high = Math.max(high, budgetThreshold(curve, customersPerOwner));
        }
        return high > 0 ? thresholds.scaled(100 * high / thresholds.enterHigh()) : thresholds;
    }

    private double budgetThreshold(List<double[]> curve, double customersPerOwner) {
        double highest = 0;
        for (double[] point : curve) {
            if (point.length <= WEEKLY_ALERT_RATE) {
                return 0;
            }
            highest = point[THRESHOLD];
            if (point[WEEKLY_ALERT_RATE] * customersPerOwner <= alertBudget) {
                return point[THRESHOLD];
            }
        }
        return highest;
    }
}
