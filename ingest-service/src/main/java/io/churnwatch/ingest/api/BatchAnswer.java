package io.churnwatch.ingest.api;

import io.churnwatch.ingest.intake.EventResult;
import io.churnwatch.ingest.intake.IngestReport;
import java.util.List;

/** The answer to a batch: counts and one result per event, in request order. */
public record BatchAnswer(long accepted, long duplicates, long rejected, long notAccepted, List<EventResult> results) {

    public static BatchAnswer of(IngestReport report) {
        return new BatchAnswer(
                report.count(EventResult.Status.ACCEPTED),
                report.count(EventResult.Status.DUPLICATE),
                report.count(EventResult.Status.REJECTED),
                report.count(EventResult.Status.NOT_ACCEPTED),
                report.results());
    }
}
