package io.churnwatch.ingest.api;

import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.service.RequestBodies;
import io.churnwatch.ingest.service.SegmentIngestion;
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
    private final IngestResponses responses;
    private final CallerTenant caller;
    private final IngestConfig limits;

    public SegmentResource(SegmentIngestion ingestion, IngestResponses responses, CallerTenant caller, IngestConfig limits) {
        this.limits = limits;
        this.ingestion = ingestion;
        this.responses = responses;
        this.caller = caller;
    }

    @POST
    @Path("/track")
    @Operation(summary = "Segment track: an event, mapped to a type by the tenant's track mappings", description = SINGLE)
    public Uni<Response> track(@RequestBody(description = "A Segment track call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return single("track", decode(body, encoding, limits.maxEventBytes()), "/v1/track");
    }

    @POST
    @Path("/identify")
    @Operation(summary = "Segment identify: customer traits", description = SINGLE)
    public Uni<Response> identify(@RequestBody(description = "A Segment identify call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return single("identify", decode(body, encoding, limits.maxEventBytes()), "/v1/identify");
    }

    @POST
    @Path("/group")
    @Operation(summary = "Segment group: account traits", description = SINGLE)
    public Uni<Response> group(@RequestBody(description = "A Segment group call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return single("group", decode(body, encoding, limits.maxEventBytes()), "/v1/group");
    }

    @POST
    @Path("/page")
    @Operation(summary = "Segment page: usage", description = SINGLE)
    public Uni<Response> page(@RequestBody(description = "A Segment page call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return single("page", decode(body, encoding, limits.maxEventBytes()), "/v1/page");
    }

    @POST
    @Path("/screen")
    @Operation(summary = "Segment screen: usage", description = SINGLE)
    public Uni<Response> screen(@RequestBody(description = "A Segment screen call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return single("screen", decode(body, encoding, limits.maxEventBytes()), "/v1/screen");
    }

    @POST
    @Path("/alias")
    @Operation(summary = "Segment alias: accepted and ignored", description = SINGLE)
    public Uni<Response> alias(@RequestBody(description = "A Segment alias call") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return single("alias", decode(body, encoding, limits.maxEventBytes()), "/v1/alias");
    }

    @POST
    @Path("/batch")
    @Operation(summary = "Segment batch: up to 500 messages of any call type", description = BATCH)
    public Uni<Response> batch(@RequestBody(description = "{\"batch\": [...], \"context\": {...}, \"sentAt\": \"...\"}") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return ingestion.batch(caller.find(), decode(body, encoding, limits.maxBatchBytes())).map(report -> responses.segment(report, "/v1/batch"));
    }

    @POST
    @Path("/import")
    @Operation(summary = "Segment import: the same as batch; Segment's Java library posts here", description = BATCH)
    public Uni<Response> importBatch(@RequestBody(description = "{\"batch\": [...], \"context\": {...}, \"sentAt\": \"...\"}") byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String encoding) {
        return ingestion.batch(caller.find(), decode(body, encoding, limits.maxBatchBytes())).map(report -> responses.segment(report, "/v1/import"));
    }

    /** Segment libraries may gzip their bodies. */
    private static byte[] decode(byte[] body, String encoding, int limit) {
        return RequestBodies.decode(body, encoding, limit);
    }

    private Uni<Response> single(String call, byte[] body, String path) {
        return ingestion.single(caller.find(), call, body).map(report -> responses.segment(report, path));
    }
}
