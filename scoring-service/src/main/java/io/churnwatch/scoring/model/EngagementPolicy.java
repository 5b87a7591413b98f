package io.churnwatch.scoring.model;

import java.time.Duration;
import java.util.Set;

/**
 * How fading engagement is judged: a short-memory rate of positive engagement events compared with
 * the customer's own long-memory baseline rate.
 *
 * @param types wire names of positive engagement events
 * @param recentHalfLife memory of the recent rate
 * @param baselineHalfLife memory of the baseline rate
 * @param minimumHistory engagement history needed before fading is judged
 * @param minimumWeeklyBaseline baseline events per week needed before fading is judged
 * @param ignoredDrop drops up to this fraction are normal noise and cost nothing
 * @param maxPoints raw points of a complete stop
 */
public record EngagementPolicy(
        Set<String> types,
        Duration recentHalfLife,
        Duration baselineHalfLife,
        Duration minimumHistory,
        double minimumWeeklyBaseline,
        double ignoredDrop,
        double maxPoints) {

    /**
     * Defaults: usage, login and like; recent half-life 7 days, baseline half-life 56 days; judged
     * after 14 days of history and at least 1 event a week; drops up to 25% ignored; 25 points for a
     * complete stop.
     */
    public static final EngagementPolicy DEFAULT = new EngagementPolicy(
            Set.of("usage", "login", "like"),
            Duration.ofDays(7),
            Duration.ofDays(56),
            Duration.ofDays(14),
            1.0,
            0.25,
            25);

    public EngagementPolicy {
        types = Set.copyOf(types);
        if (!(ignoredDrop >= 0 && ignoredDrop < 1)) {
            throw new IllegalArgumentException("ignoredDrop must be at least 0 and below 1, got " + ignoredDrop);
        }
        if (recentHalfLife.compareTo(baselineHalfLife) >= 0) {
            throw new IllegalArgumentException("the recent half-life (" + days(recentHalfLife)
                    + " days) must be shorter than the baseline's (" + days(baselineHalfLife) + " days)");
        }
    }

    private static double days(Duration duration) {
        return duration.toSeconds() / 86_400.0;
    }

    /**
     * Raw points for a drop (1 - recent/baseline): maxPoints * (drop - ignoredDrop) / (1 - ignoredDrop),
     * 0 below ignoredDrop: a linear ramp from "normal wobble" to "stopped altogether".
     */
    public double pointsFor(double drop) {
        return drop <= ignoredDrop ? 0 : maxPoints * Math.min(1, (drop - ignoredDrop) / (1 - ignoredDrop));
    }
}
