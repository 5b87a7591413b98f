package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Labels a snapshot from later outcomes, with right-censoring: once the whole horizon after it has been
 * observed, positive when the customer churned within it and negative otherwise; before that, unknown. A
 * snapshot whose horizon is not over is neither a negative nor a positive: keeping its churns alone would
 * teach the model that whatever is recent (the calendar, the cohort's age) predicts churn.
 */
public final class SnapshotLabels {

    private SnapshotLabels() {}

    /**
     * @param at the snapshot's instant
     * @param churns the customer's churn instants known by {@code knownUntil}
     * @param horizon how far ahead a churn counts
     * @param knownUntil the latest instant whose outcomes are known (event time)
     * @return true (churned within the horizon), false (stayed through it), or empty (horizon not yet over)
     */
    public static Optional<Boolean> label(Instant at, List<Instant> churns, Duration horizon, Instant knownUntil) {
        Instant end = at.plus(horizon);
        if (end.isAfter(knownUntil)) {
            return Optional.empty();
        }
        return Optional.of(churns.stream().anyMatch(churn -> churn.isAfter(at) && !churn.isAfter(end)));
    }
}
