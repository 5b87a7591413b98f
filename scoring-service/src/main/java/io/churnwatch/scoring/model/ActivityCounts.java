package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;

/**
 * How much a customer used the product lately: activity events counted with exponential decay over a
 * week, four weeks and a quarter (half-lives of 7, 28 and 90 days), and in all. Order-independent, like
 * {@link DecayingSum}.
 *
 * @param week activity decayed with a 7-day half-life, or null before the first activity
 * @param month activity decayed with a 28-day half-life
 * @param quarter activity decayed with a 90-day half-life
 * @param total every activity event
 */
public record ActivityCounts(DecayingSum week, DecayingSum month, DecayingSum quarter, int total) {

    public static final Duration WEEK = Duration.ofDays(7);
    public static final Duration MONTH = Duration.ofDays(28);
    public static final Duration QUARTER = Duration.ofDays(90);
    public static final ActivityCounts NONE = new ActivityCounts(null, null, null, 0);

    /** With one more activity event at {@code at}. */
    public ActivityCounts plus(Instant at) {
        return new ActivityCounts(add(week, at, WEEK), add(month, at, MONTH), add(quarter, at, QUARTER), total + 1);
    }

    public double weekAt(Instant now) {
        return week == null ? 0 : week.valueAt(now, WEEK);
    }

    public double monthAt(Instant now) {
        return month == null ? 0 : month.valueAt(now, MONTH);
    }

    public double quarterAt(Instant now) {
        return quarter == null ? 0 : quarter.valueAt(now, QUARTER);
    }

    private static DecayingSum add(DecayingSum sum, Instant at, Duration halfLife) {
        return sum == null ? DecayingSum.of(1, at) : sum.plus(1, at, halfLife);
    }
}
