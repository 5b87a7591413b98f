package io.churnwatch.ingest.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** ChurnWatch's own event API. The request format is documented in docs/events.md. */
@Path("/v1/events")
@Tag(name = "Events")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
public class EventResource {

    private final OwnApiIngestion ingestion;
    private final IngestResponses responses;
    private final IdempotentRequests idempotentRequests;
    private final CallerTenant caller;
    private final IngestConfig limits;

    public EventResource(OwnApiIngestion ingestion, IngestResponses responses, IdempotentRequests idempotentRequests, CallerTenant caller,
            IngestConfig limits) {
        this.limits = limits;
        this.ingestion = ingestion;
        this.responses = responses;
        this.idempotentRequests = idempotentRequests;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Post one event", description = "202 once Kafka acknowledged it; 200 if its messageId was accepted before.")
    public Uni<Response> post(@RequestBody(description = "One event, see docs/events.md") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        AuthenticatedTenant tenant = caller.require(AuthenticatedTenant.SCOPE_INGEST);
        return ingestion.single(tenant, RequestBodies.decode(body, encoding, limits.maxEventBytes())).map(report -> responses.single(report, "/v1/events"));
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Post up to 500 events", description = "Valid events are accepted even when others are rejected; "
            + "the answer lists each event's outcome. Send an Idempotency-Key header to make retries of the whole request safe.")
    public Uni<Response> batch(@RequestBody(description = "{\"events\": [...]}") byte[] body,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        AuthenticatedTenant tenant = caller.require(AuthenticatedTenant.SCOPE_INGEST);
        byte[] events = RequestBodies.decode(body, encoding, limits.maxBatchBytes());
        return idempotentRequests.run(tenant.tenantId(), idempotencyKey, events,
                () -> ingestion.batch(tenant, events).map(report -> responses.batch(report, "/v1/events/batch")));
    }
}
