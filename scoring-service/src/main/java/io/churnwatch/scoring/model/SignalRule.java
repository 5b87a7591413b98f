package io.churnwatch.scoring.model;

import java.time.Duration;

/**
 * How one event type moves risk: points per event, how fast that fades, and a cap on the total.
 *
 * @param points raw risk points one fresh event adds; negative for events that lower risk
 * @param halfLife time after which an event counts half
 * @param cap largest total magnitude this event type may contribute, however many events arrive
 */
public record SignalRule(double points, Duration halfLife, double cap) {

    public SignalRule {
        if (halfLife.isNegative() || halfLife.isZero() || cap < 0) {
            throw new IllegalArgumentException("half-life must be positive and cap non-negative");
        }
    }

    public static SignalRule of(double points, int halfLifeDays, double cap) {
        return new SignalRule(points, Duration.ofDays(halfLifeDays), cap);
    }

    /** The decayed total clamped to [-cap, cap]. */
    public double capped(double decayedTotal) {
        return Math.max(-cap, Math.min(cap, decayedTotal));
    }
}
