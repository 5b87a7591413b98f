package io.churnwatch.events;

/**
 * One factor of a risk score.
 *
 * @param key stable machine name, for example {@code complaint} or {@code usage_gap}
 * @param label what a person reads, for example "3 complaints this week"
 * @param contribution points this factor adds to (or, when negative, takes from) the score
 * @param change how much the contribution moved since the previous score
 */
public record RiskFactor(String key, String label, double contribution, double change) {}
