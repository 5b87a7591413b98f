package io.churnwatch.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The faults of a run: what, when it started, when the system had it behind it (the service ready again, the broker answering). */
final class FaultLog {

    /** {@code ingestOutage}: whether ingest itself depends on what failed (the broker, PostgreSQL), so 503 is expected. */
    record Fault(String name, Instant start, Instant end, boolean ingestOutage, String detail) {

        Duration duration() {
            return Duration.between(start, end);
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void add(String name, Instant start, Instant end, boolean ingestOutage, String detail) {
        faults.add(new Fault(name, start, end, ingestOutage, detail));
    }

    synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    /** Whether {@code at} lies within an outage of ingest's dependencies, extended by {@code grace} after its end. */
    boolean withinIngestOutage(Instant at, Duration grace) {
        return faults().stream()
                .anyMatch(f -> f.ingestOutage()
                        && !at.isBefore(f.start())
                        && !at.isAfter(f.end().plus(grace)));
    }
}
