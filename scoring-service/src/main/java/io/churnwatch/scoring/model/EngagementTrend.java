package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The fading-engagement factor: positive engagement per week recently against this customer's own
 * baseline.
 *
 * @param recentPerWeek short-memory rate of engagement events per week
 * @param baselinePerWeek long-memory rate of engagement events per week
 * @param drop 1 - recent / baseline, clamped to [0, 1]
 * @param points raw risk points for the drop
 */
public record EngagementTrend(double recentPerWeek, double baselinePerWeek, double drop, double points) {

    public static final String KEY = "engagement";
    private static final double DAYS_PER_WEEK = 7;

    /**
     * The trend at {@code now}, or empty while there is too little history or too low a baseline to
     * judge. Each rate is the decayed count over the time it could have accumulated:
     * rate = S / integral from first to now of 0.5^((now - u) / h) du = S * ln 2 / (h * (1 - 0.5^(span / h))),
     * where S is the decayed count with half-life h and span = now - first engagement. For events at a
     * steady rate this returns that rate whatever h and span are, so the recent rate and the baseline
     * agree while nothing changes and the recent one falls first when engagement fades.
     */
    public static Optional<EngagementTrend> at(CustomerState state, EngagementPolicy policy, Instant now) {
        Instant first = state.getFirstEngagementAt();
        if (first == null || state.churned() || Duration.between(first, now).compareTo(policy.minimumHistory()) < 0) {
            return Optional.empty();
        }
        double spanDays = days(Duration.between(first, now));
        double recent = perWeek(state.getEngagementRecent(), policy.recentHalfLife(), spanDays, now);
        double baseline = perWeek(state.getEngagementBaseline(), policy.baselineHalfLife(), spanDays, now);
        if (baseline < policy.minimumWeeklyBaseline()) {
            return Optional.empty();
        }
        double drop = Math.max(0, Math.min(1, 1 - recent / baseline));
        return Optional.of(new EngagementTrend(recent, baseline, drop, policy.pointsFor(drop)));
    }

    private static double perWeek(DecayingSum sum, Duration halfLife, double spanDays, Instant now) {
        double halfLifeDays = days(halfLife);
        double exposureDays = halfLifeDays / Math.log(2) * (1 - Math.pow(0.5, spanDays / halfLifeDays));
        return sum.valueAt(now, halfLife) / exposureDays * DAYS_PER_WEEK;
    }

    private static double days(Duration duration) {
        return duration.toSeconds() / 86_400.0;
    }
}
