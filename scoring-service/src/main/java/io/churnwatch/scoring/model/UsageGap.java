package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The usage-gap factor: how long the customer has been silent compared with their own normal interval.
 *
 * @param since when the current gap started (latest activity, else the win-back, else first sighting)
 * @param gapDays length of the current gap at the scoring time, in days
 * @param normalDays the customer's normal interval in days, see {@link #normalDays(CustomerState, UsageGapPolicy)}
 * @param ratio gapDays / normalDays
 * @param points raw risk points of the step reached
 */
public record UsageGap(Instant since, double gapDays, double normalDays, double ratio, double points) {

    public static final String KEY = "usage_gap";
    private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

    /** The gap at {@code now}, or empty for churned customers and customers never seen. */
    public static Optional<UsageGap> at(CustomerState state, UsageGapPolicy policy, Instant now) {
        Instant since = gapStart(state);
        if (since == null || state.churned()) {
            return Optional.empty();
        }
        double gapDays = Math.max(0, Duration.between(since, now).toSeconds() / SECONDS_PER_DAY);
        double normal = normalDays(state, policy);
        double ratio = gapDays / normal;
        return Optional.of(new UsageGap(since, gapDays, normal, ratio, policy.pointsAt(ratio)));
    }

    /**
     * The customer's normal interval between visits: mean + spreadMultiplier * standard deviation of
     * the exponentially weighted gap statistics (the policy's prior before any gap is seen), floored at
     * the policy's minimum. With the default multiplier 1, a gap is "1x" once it exceeds a typical gap
     * by one typical deviation; a regular daily user (mean 1, spread ~0.1) has a normal of ~1.1 days,
     * a monthly one ~30+ days.
     */
    public static double normalDays(CustomerState state, UsageGapPolicy policy) {
        double mean = state.getGapCount() == 0 ? policy.priorMeanGapDays() : state.getMeanGapDays();
        double spread = state.getGapCount() == 0 ? policy.priorSpreadDays() : Math.sqrt(state.getGapVarianceDays());
        return Math.max(policy.minimumNormalDays(), mean + policy.spreadMultiplier() * spread);
    }

    /**
     * The first instant after {@code after} at which the gap reaches the next step of the policy:
     * since + normal * ratio of that step. Nothing changes the gap factor before then unless an event
     * arrives, so a scheduled scan only needs to visit customers whose due time has passed. Empty when
     * every step is already reached, the customer churned or was never seen.
     */
    public static Optional<Instant> nextDueAt(CustomerState state, UsageGapPolicy policy, Instant after) {
        Instant since = gapStart(state);
        if (since == null || state.churned()) {
            return Optional.empty();
        }
        double normalSeconds = normalDays(state, policy) * SECONDS_PER_DAY;
        for (UsageGapPolicy.GapStep step : policy.steps()) {
            Instant due = since.plusSeconds((long) Math.ceil(normalSeconds * step.ratio()));
            if (due.isAfter(after)) {
                return Optional.of(due);
            }
        }
        return Optional.empty();
    }

    private static Instant gapStart(CustomerState state) {
        Instant since = state.getLastActivityAt() != null ? state.getLastActivityAt() : state.getFirstSeenAt();
        Instant wonBackAt = state.getStatusChangedAt();
        if (since != null && wonBackAt != null && wonBackAt.isAfter(since)) {
            return wonBackAt;
        }
        return since;
    }
}
