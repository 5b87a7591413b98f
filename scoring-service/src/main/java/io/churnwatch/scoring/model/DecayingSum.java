package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;

/**
 * An exponentially decaying sum of event weights as of one instant, with a count of the events in
 * the current episode: immutable, built only from numbers and instants so it persists as four columns
 * or one small JSON object.
 *
 * @param value the decayed sum as of {@code asOf}
 * @param asOf the instant the sum refers to: the latest event time seen
 * @param count events since the sum was last faded to nothing (for labels only)
 * @param lastAt the latest event time seen
 */
public record DecayingSum(double value, Instant asOf, int count, Instant lastAt) {

    private static final double FADED = 0.01;

    /** A sum holding one event. */
    public static DecayingSum of(double weight, Instant at) {
        return new DecayingSum(weight, at, 1, at);
    }

    /**
     * The sum at {@code at}: value * 0.5^((at - asOf) / halfLife), i.e. every event weight w made at t
     * counts w * 0.5^((at - t) / halfLife). Asking for an instant before {@code asOf} returns the
     * value at {@code asOf}: the sum never projects backwards.
     */
    public double valueAt(Instant at, Duration halfLife) {
        return value * decay(asOf, at, halfLife);
    }

    /**
     * Adds an event of weight {@code weight} at {@code at}. In order (at >= asOf) the sum is first
     * decayed to {@code at}; late (at < asOf) the event enters already decayed, weight * 0.5^((asOf -
     * at) / halfLife). Either way the result equals the sum of every event decayed from its own time,
     * so the value does not depend on arrival order. The episode count restarts when the sum had
     * faded below 1% of the weight; it is a label aid and may differ with arrival order.
     */
    public DecayingSum plus(double weight, Instant at, Duration halfLife) {
        boolean faded = Math.abs(valueAt(at, halfLife)) < FADED * Math.abs(weight);
        int newCount = faded && !at.isBefore(asOf) ? 1 : count + 1;
        Instant newLast = at.isAfter(lastAt) ? at : lastAt;
        if (at.isBefore(asOf)) {
            return new DecayingSum(value + weight * decay(at, asOf, halfLife), asOf, newCount, newLast);
        }
        return new DecayingSum(valueAt(at, halfLife) + weight, at, newCount, newLast);
    }

    /** 0.5^((to - from) / halfLife), or 1 when {@code to} is not after {@code from}. */
    static double decay(Instant from, Instant to, Duration halfLife) {
        if (!to.isAfter(from)) {
            return 1;
        }
        double halfLives = (double) Duration.between(from, to).toMillis() / halfLife.toMillis();
        return Math.pow(0.5, halfLives);
    }
}
