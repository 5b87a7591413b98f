package io.churnwatch.ingest.api;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemResponses;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.intake.EventResult;
import io.churnwatch.ingest.intake.IngestReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns ingest reports into HTTP answers. A batch answers 202 (Segment: 200) when at least one event was accepted
 * or was a duplicate (the rest are listed with their reasons), 400 when every event was rejected,
 * and 503 with Retry-After when Kafka or the database failed for any valid event.
 */
@ApplicationScoped
public class IngestResponses {

    private static final Duration IN_FLIGHT_RETRY = Duration.ofSeconds(1);

    private final Duration unavailableRetryAfter;

    public IngestResponses(IngestConfig config) {
        this.unavailableRetryAfter = config.unavailableRetryAfter();
    }

    public Response single(IngestReport report, String path) {
        EventResult result = report.results().get(0);
        return switch (result.status()) {
            case ACCEPTED ->
                Response.accepted(new SingleAnswer(result.messageId(), result.status()))
                        .type(MediaType.APPLICATION_JSON)
                        .build();
            case DUPLICATE, IGNORED ->
                Response.ok(new SingleAnswer(result.messageId(), result.status()))
                        .type(MediaType.APPLICATION_JSON)
                        .build();
            case NOT_ACCEPTED ->
                report.outage()
                        ? ProblemResponses.of(
                                Problem.of(
                                                ProblemType.UNAVAILABLE,
                                                "The event was not accepted: " + result.reason()
                                                        + "; nothing was written, retry later")
                                        .withInstance(path),
                                unavailableRetryAfter)
                        : ProblemResponses.of(
                                Problem.of(ProblemType.CONFLICT, result.reason())
                                        .withInstance(path),
                                IN_FLIGHT_RETRY);
            case REJECTED ->
                ProblemResponses.of(Problem.of(ProblemType.INVALID_EVENT, result.reason())
                        .withErrors(result.errors())
                        .withInstance(path));
        };
    }

    public Response batch(IngestReport report, String path) {
        return failure(report, path)
                .orElseGet(() -> Response.accepted(BatchAnswer.of(report))
                        .type(MediaType.APPLICATION_JSON)
                        .build());
    }

    /** Segment calls and batches: 200 {"success": true, ...} unless the batch failed as a whole. */
    public Response segment(IngestReport report, String path) {
        return failure(report, path)
                .orElseGet(() -> Response.ok(SegmentAnswer.of(report))
                        .type(MediaType.APPLICATION_JSON)
                        .build());
    }

    /**
     * The answer to a batch that did not succeed: 503 with Retry-After when Kafka or the database
     * failed for any valid event, 400 when every event was rejected; empty otherwise. Shared by the
     * own batch API and the Segment API, which differ only in their success answer.
     */
    public Optional<Response> failure(IngestReport report, String path) {
        BatchAnswer answer = BatchAnswer.of(report);
        if (report.outage()) {
            Problem problem = Problem.of(
                            ProblemType.UNAVAILABLE,
                            answer.notAccepted() + " events were not accepted (see results); " + answer.accepted()
                                    + " were. Retry the not accepted ones later.")
                    .withInstance(path)
                    .with("accepted", answer.accepted())
                    .with("notAccepted", answer.notAccepted())
                    .with("results", answer.results());
            return Optional.of(ProblemResponses.of(problem, unavailableRetryAfter));
        }
        if (report.allRejected()) {
            Problem problem = Problem.of(
                            ProblemType.INVALID_EVENT, "Every event in the batch was rejected (see results)")
                    .withErrors(answer.results().stream()
                            .filter(result -> result.errors() != null)
                            .flatMap(result -> result.errors().stream())
                            .toList())
                    .withInstance(path)
                    .with("results", answer.results());
            return Optional.of(ProblemResponses.of(problem));
        }
        return Optional.empty();
    }
}
