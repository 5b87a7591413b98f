package io.churnwatch.ingest.api;

import io.churnwatch.ingest.intake.EventResult;
import io.churnwatch.ingest.intake.IngestReport;
import java.util.List;

/** Segment's success answer, {"success": true}, with the counts and per-message results of the own batch API. */
public record SegmentAnswer(
        boolean success,
        long accepted,
        long duplicates,
        long ignored,
        long rejected,
        long notAccepted,
        List<EventResult> results) {

    public static SegmentAnswer of(IngestReport report) {
        return new SegmentAnswer(
                true,
                report.count(EventResult.Status.ACCEPTED),
                report.count(EventResult.Status.DUPLICATE),
                report.count(EventResult.Status.IGNORED),
                report.count(EventResult.Status.REJECTED),
                report.count(EventResult.Status.NOT_ACCEPTED),
                report.results());
    }
}
