package io.churnwatch.scoring.model;

import java.util.List;
import java.util.Set;

/**
 * How silence is judged: which events count as activity, what a new customer's normal interval is,
 * how fast a customer's own normal is learned, and how many points each multiple of it costs.
 *
 * @param activityTypes wire names of events that end a usage gap
 * @param priorMeanGapDays normal interval assumed before any gap is seen
 * @param priorSpreadDays spread (standard deviation) of the interval assumed before any gap is seen
 * @param smoothing EWMA weight of a new gap once a few gaps are known (0..1)
 * @param spreadMultiplier how many spreads above the mean still count as "normal"
 * @param sessionGapDays activity closer together than this is one visit and records no gap
 * @param minimumNormalDays floor of the normal interval, so heavy users are not alarmed within a day
 * @param steps points per multiple of the normal interval, ascending by ratio
 */
public record UsageGapPolicy(
        Set<String> activityTypes,
        double priorMeanGapDays,
        double priorSpreadDays,
        double smoothing,
        double spreadMultiplier,
        double sessionGapDays,
        double minimumNormalDays,
        List<GapStep> steps) {

    /**
     * Points once the current gap reaches {@code ratio} times the customer's normal interval.
     *
     * @param ratio multiple of the normal interval
     * @param points raw risk points from that multiple on
     */
    public record GapStep(double ratio, double points) {}

    /**
     * Defaults: activity = usage, login, purchase; a new customer's normal is 4 +- 1 days, so the
     * normal-plus-one-spread is 5 days and the 2x step lands on day 10 (DOMAIN.md's day-10 check-in)
     * and the 3x step on day 15 (DOMAIN.md's "15 days without use means gone"); EWMA weight 0.2;
     * visits within 4 hours merge; the normal never drops below 1 day; steps 1.5x: 6, 2x: 15,
     * 3x: 30, 4x: 40, 6x: 55, 10x: 70 raw points.
     */
    public static final UsageGapPolicy DEFAULT = new UsageGapPolicy(
            Set.of("usage", "login", "purchase"),
            4,
            1,
            0.2,
            1,
            4.0 / 24,
            1,
            List.of(
                    new GapStep(1.5, 6),
                    new GapStep(2, 15),
                    new GapStep(3, 30),
                    new GapStep(4, 40),
                    new GapStep(6, 55),
                    new GapStep(10, 70)));

    public UsageGapPolicy {
        activityTypes = Set.copyOf(activityTypes);
        steps = List.copyOf(steps);
        if (!(priorMeanGapDays > 0
                && priorSpreadDays >= 0
                && smoothing > 0
                && smoothing <= 1
                && minimumNormalDays > 0
                && sessionGapDays >= 0)) {
            throw new IllegalArgumentException("invalid usage gap policy " + this);
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).ratio() <= steps.get(i - 1).ratio()) {
                throw new IllegalArgumentException("steps must ascend by ratio: step " + i + " has ratio "
                        + steps.get(i).ratio() + ", not above the previous step's "
                        + steps.get(i - 1).ratio());
            }
        }
    }

    /** Raw points for a gap of {@code ratio} times the normal: those of the highest step reached. */
    public double pointsAt(double ratio) {
        double points = 0;
        for (GapStep step : steps) {
            if (ratio >= step.ratio()) {
                points = step.points();
            }
        }
        return points;
    }
}
