package io.churnwatch.scoring.model;

import java.util.Arrays;

/**
 * What a customer's peers (the live customers of their segment, or of the tenant where the segment is
 * small) were doing at one instant: the yardstick that tells "silent 18 days while 82% of enterprise
 * customers were active" from "silent 18 days like everyone in the summer break".
 *
 * @param live customers that have not churned
 * @param activeWeekShare share of them active in the last 7 days
 * @param activeFortnightShare share active in the last 14 days
 * @param activeMonthShare share active in the last 28 days
 * @param silenceQuantiles days since each one's last activity at the quantiles 0, 0.05, ..., 1 (21 values)
 * @param cohortAgeDays days since the median first appearance of the live customers
 * @param medianActivityDays median of the live customers' days with activity
 * @param recentChurnRate customers who churned in the last 28 days / (live + those)
 */
public record PeerStats(
        int live,
        double activeWeekShare,
        double activeFortnightShare,
        double activeMonthShare,
        double[] silenceQuantiles,
        double cohortAgeDays,
        double medianActivityDays,
        double recentChurnRate) {

    /** Number of silence quantiles kept: 0%, 5%, ..., 100%. */
    public static final int QUANTILES = 21;

    public PeerStats {
        if (silenceQuantiles.length != QUANTILES) {
            throw new IllegalArgumentException("need " + QUANTILES + " silence quantiles");
        }
        silenceQuantiles = silenceQuantiles.clone();
    }

    /** The share of peers (0-1) silent for less than {@code days}, interpolated between the quantiles. */
    public double silencePercentile(double days) {
        double[] q = silenceQuantiles;
        if (days <= q[0]) {
            return 0;
        }
        if (days >= q[QUANTILES - 1]) {
            return 1;
        }
        int i = Arrays.binarySearch(q, days);
        if (i >= 0) {
            while (i + 1 < QUANTILES && q[i + 1] == days) {
                i++;
            }
            return i / (double) (QUANTILES - 1);
        }
        int upper = -i - 1;
        double fraction = (days - q[upper - 1]) / (q[upper] - q[upper - 1]);
        return (upper - 1 + fraction) / (QUANTILES - 1);
    }

    public double medianSilenceDays() {
        return silenceQuantiles[QUANTILES / 2];
    }
}
