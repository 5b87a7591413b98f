package io.churnwatch.ingest.api;

import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.auth.FailedAuthentications;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.segment.SegmentIngestion;
import io.churnwatch.ingest.segment.SegmentWriteKeys;
import io.churnwatch.ingest.validation.RequestBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Segment's HTTP Tracking API, so that Segment libraries can post to ChurnWatch unchanged. Mapping rules: docs/segment.md. */
@Path("/v1")
@Tag(name = "Segment")
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
public class SegmentResource {

    private static final String SINGLE = "200 {\"success\": true, ...} once Kafka acknowledged the event or it was a duplicate; "
            + "400 with field pointers when it is invalid. The write key is the Basic user name, a Bearer token, or writeKey in the body.";
    private static final String BATCH = "200 {\"success\": true, ...} when at least one message was accepted, a duplicate or ignored; "
            + "the answer lists each message's outcome. 400 when every message was rejected, 413 past 32 KB per message or 512 KB per batch, "
            + "503 with Retry-After when Kafka or the database failed.";

    private final SegmentIngestion ingestion;
    private final SegmentWriteKeys writeKeys;
    private final IngestResponses responses;
    private final CallerTenant caller;
    private final IngestConfig limits;

    public SegmentResource(SegmentIngestion ingestion, SegmentWriteKeys writeKeys, IngestResponses responses,
            CallerTenant caller, IngestConfig limits) {
        this.limits = limits;
        this.ingestion = ingestion;
        this.writeKeys = writeKeys;
        this.responses = responses;
        this.caller = caller;
    }

    @POST
    @Path("/{call: track|identify|group|page|screen|alias}")
    @Operation(summary = "Segment track, identify, group, page, screen or alias call",
            description = "track: an event, mapped to a type by the tenant's track mappings; identify and group: traits; "
                    + "page and screen: usage; alias: accepted and ignored. " + SINGLE)
    public Uni<Response> single(@PathParam("call") String call, @RequestBody(description = "One Segment call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, @Context HttpServerRequest request) {
        return writeKeys.caller(caller.find(), body, encoding, FailedAuthentications.addressOf(request))
                .chain(tenant -> ingestion.single(tenant, call,
                        RequestBodies.decode(body, encoding, limits.maxEventBytes())))
                .map(report -> responses.segment(report, "/v1/" + call));
    }

    @POST
    @Path("/{call: batch|import}")
    @Operation(summary = "Segment batch (import is the same; Segment's Java library posts there): up to 500 messages of any call type",
            description = BATCH)
    public Uni<Response> batch(@PathParam("call") String call,
            @RequestBody(description = "{\"batch\": [...], \"context\": {...}, \"sentAt\": \"...\"}") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding, @Context HttpServerRequest request) {
        return writeKeys.caller(caller.find(), body, encoding, FailedAuthentications.addressOf(request))
                .chain(tenant -> ingestion.batch(tenant, RequestBodies.decode(body, encoding, limits.maxBatchBytes())))
                .map(report -> responses.segment(report, "/v1/" + call));
    }
}
