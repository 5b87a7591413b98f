package io.churnwatch.bench.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Every ingest answer that was not 2xx, and every request that got no answer at all (status 0), with its time. */
final class AnswerLog {

    record Failure(Instant at, int status, boolean retryAfter, String detail) {

        boolean isServerError() {
            return status >= 500;
        }
    }

    private final List<Failure> failures = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Long> notAcceptedReasons = new TreeMap<>();
    private long slowest;

    void request() {
        requests.incrementAndGet();
    }

    synchronized void failure(int status, boolean retryAfter, String detail) {
        failures.add(new Failure(
                Instant.now(), status, retryAfter, detail.length() > 300 ? detail.substring(0, 300) + "…" : detail));
    }

    /** Notes why ingest did not accept an event (it is retried). */
    synchronized void notAccepted(String reason) {
        notAcceptedReasons.merge(reason, 1L, Long::sum);
    }

    synchronized void answered(long nanos) {
        slowest = Math.max(slowest, nanos);
    }

    synchronized Map<String, Long> notAcceptedReasons() {
        return Map.copyOf(notAcceptedReasons);
    }

    synchronized double slowestSeconds() {
        return slowest / 1e9;
    }

    synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    long requests() {
        return requests.get();
    }

    /** Non-2xx answers by status (0: no answer). */
    synchronized Map<Integer, Long> byStatus() {
        Map<Integer, Long> counts = new TreeMap<>();
        failures.forEach(f -> counts.merge(f.status(), 1L, Long::sum));
        return counts;
    }
}
