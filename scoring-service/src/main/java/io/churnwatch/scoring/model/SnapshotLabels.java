package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Labels a snapshot from later outcomes, with right-censoring: positive when the customer churned within
 * the horizon after it, negative when the whole horizon has been observed without a churn, and unknown
 * otherwise (a snapshot whose horizon is not yet over is not a negative).
 */
public final class SnapshotLabels {

    private SnapshotLabels() {
    }

    /**
     * @param at the snapshot's instant
     * @param churns the customer's churn instants known by {@code knownUntil}
     * @param horizon how far ahead a churn counts
     * @param knownUntil the latest instant whose outcomes are known (event time)
     * @return true (churned within the horizon), false (stayed through it), or empty (not yet known)
     */
    public static Optional<Boolean> label(Instant at, List<Instant> churns, Duration horizon, Instant knownUntil) {
        Instant end = at.plus(horizon);
        for (Instant churn : churns) {
            if (churn.isAfter(at) && !churn.isAfter(end) && !churn.isAfter(knownUntil)) {
                return Optional.of(true);
            }
        }
        return end.isAfter(knownUntil) ? Optional.empty() : Optional.of(false);
    }
}
