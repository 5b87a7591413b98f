package io.churnwatch.ingest.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.openapi.ApiDocumentFilter;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.intake.OwnApiIngestion;
import io.churnwatch.ingest.validation.RequestBodies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** ChurnWatch's own event API. The request format is documented in docs/events.md. */
@Path("/v1/events")
@Tag(name = "Events")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class EventResource {

    private final OwnApiIngestion ingestion;
    private final IngestResponses responses;
    private final IdempotentRequests idempotentRequests;
    private final CallerTenant caller;
    private final IngestConfig limits;

    public EventResource(
            OwnApiIngestion ingestion,
            IngestResponses responses,
            IdempotentRequests idempotentRequests,
            CallerTenant caller,
            IngestConfig limits) {
        this.limits = limits;
        this.ingestion = ingestion;
        this.responses = responses;
        this.idempotentRequests = idempotentRequests;
        this.caller = caller;
    }

    @POST
    @Operation(
            summary = "Post one event",
            description = "202 once Kafka acknowledged it; 200 if its messageId was accepted before.")
    @SecurityRequirement(name = ApiDocumentFilter.TENANT_KEY, scopes = AuthenticatedTenant.SCOPE_INGEST)
    @APIResponse(
            responseCode = "202",
            description = "Written to Kafka",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SingleAnswer.class)))
    @APIResponse(
            responseCode = "200",
            description = "A duplicate: its messageId was accepted before",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SingleAnswer.class)))
    @APIResponse(
            responseCode = "409",
            description = "An event with this messageId is being written now; retry after Retry-After")
    public Uni<Response> post(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = EventBodies.Event.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "complaint",
                                                            value = EventBodies.EVENT_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding) {
        AuthenticatedTenant tenant = caller.require(AuthenticatedTenant.SCOPE_INGEST);
        return ingestion
                .single(tenant, RequestBodies.decode(body, encoding, limits.maxEventBytes()))
                .map(report -> responses.single(report, "/v1/events"));
    }

    @POST
    @Path("/batch")
    @Operation(
            summary = "Post up to 500 events",
            description =
                    "Valid events are accepted even when others are rejected; "
                            + "the answer lists each event's outcome. Send an Idempotency-Key header to make retries of the whole request safe.")
    @SecurityRequirement(name = ApiDocumentFilter.TENANT_KEY, scopes = AuthenticatedTenant.SCOPE_INGEST)
    @APIResponse(
            responseCode = "202",
            description = "At least one event was accepted or a duplicate; results lists every event's outcome",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = BatchAnswer.class)))
    @APIResponse(
            responseCode = "400",
            description = "Every event was rejected (results and errors say why), or the body is invalid")
    @APIResponse(responseCode = "409", description = "A request with this Idempotency-Key is being processed now")
    @APIResponse(responseCode = "422", description = "This Idempotency-Key was used for a different body")
    public Uni<Response> batch(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = EventBodies.Batch.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "one-event",
                                                            value = EventBodies.BATCH_EXAMPLE)))
                    byte[] body,
            @HeaderParam("Idempotency-Key")
                    @Parameter(
                            description = "Makes retries of the whole request safe: a repeat with the same "
                                    + "body gets the first answer")
                    @jakarta.validation.constraints.Pattern(
                            regexp = IdempotentRequests.KEY_PATTERN,
                            message = "must be 1 to 255 printable ASCII characters")
                    String idempotencyKey,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding) {
        AuthenticatedTenant tenant = caller.require(AuthenticatedTenant.SCOPE_INGEST);
        byte[] events = RequestBodies.decode(body, encoding, limits.maxBatchBytes());
        return idempotentRequests.run(
                tenant.tenantId(),
                idempotencyKey,
                events,
                () -> ingestion.batch(tenant, events).map(report -> responses.batch(report, "/v1/events/batch")));
    }
}
