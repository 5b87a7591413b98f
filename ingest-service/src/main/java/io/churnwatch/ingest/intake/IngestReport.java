package io.churnwatch.ingest.intake;

import java.util.List;

/**
 * The outcome of one request's events.
 *
 * @param results one result per event, in request order
 * @param outage whether Kafka or the database failed, so some valid events were not accepted
 */
public record IngestReport(List<EventResult> results, boolean outage) {

    public long count(EventResult.Status status) {
        return results.stream().filter(result -> result.status() == status).count();
    }

    public boolean allRejected() {
        return !results.isEmpty() && count(EventResult.Status.REJECTED) == results.size();
    }
}
