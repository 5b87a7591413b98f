package io.churnwatch.ingest.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.auth.FailedAuthentications;
import io.churnwatch.common.openapi.ApiDocumentFilter;
import io.churnwatch.common.problem.Problem;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Segment's HTTP Tracking API, so that Segment libraries can post to ChurnWatch unchanged. Mapping rules: docs/segment.md. */
@Path("/v1")
@Tag(name = "Segment", description = "Segment's HTTP Tracking API, in Segment's own shapes (docs/segment.md)")
@Consumes({MediaType.APPLICATION_JSON, MediaType.WILDCARD})
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@SecurityScheme(
        securitySchemeName = SegmentResource.WRITE_KEY,
        type = SecuritySchemeType.HTTP,
        scheme = "basic",
        description =
                "Segment's way: the API key as the Basic user name with an empty password. A Bearer key, or writeKey in the body, work too.")
@SecurityRequirementsSet(
        @SecurityRequirement(name = SegmentResource.WRITE_KEY, scopes = AuthenticatedTenant.SCOPE_INGEST))
@SecurityRequirementsSet(
        @SecurityRequirement(name = ApiDocumentFilter.TENANT_KEY, scopes = AuthenticatedTenant.SCOPE_INGEST))
@APIResponse(
        responseCode = "200",
        description = "{\"success\": true, ...} once Kafka acknowledged the messages, or they were duplicates "
                + "or ignored; results lists each message's outcome",
        content =
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = SegmentAnswer.class)))
@APIResponse(
        responseCode = "400",
        description = "Every message was rejected (results and errors name each field), or the body is invalid")
public class SegmentResource {

    static final String WRITE_KEY = "segmentWriteKey";

    private final SegmentIngestion ingestion;
    private final SegmentWriteKeys writeKeys;
    private final IngestResponses responses;
    private final CallerTenant caller;
    private final IngestConfig limits;

    public SegmentResource(
            SegmentIngestion ingestion,
            SegmentWriteKeys writeKeys,
            IngestResponses responses,
            CallerTenant caller,
            IngestConfig limits) {
        this.limits = limits;
        this.ingestion = ingestion;
        this.writeKeys = writeKeys;
        this.responses = responses;
        this.caller = caller;
    }

    @POST
    @Path("/track")
    @Operation(summary = "Segment track call", description = "An event, its type from the tenant's track mappings")
    public Uni<Response> track(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Track.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "track",
                                                            value = SegmentBodies.TRACK_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return single("track", body, encoding, request);
    }

    @POST
    @Path("/identify")
    @Operation(summary = "Segment identify call", description = "The customer's traits")
    public Uni<Response> identify(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Identify.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "identify",
                                                            value = SegmentBodies.IDENTIFY_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return single("identify", body, encoding, request);
    }

    @POST
    @Path("/group")
    @Operation(summary = "Segment group call", description = "The account's traits")
    public Uni<Response> group(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Identify.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "group",
                                                            value = SegmentBodies.IDENTIFY_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return single("group", body, encoding, request);
    }

    @POST
    @Path("/page")
    @Operation(summary = "Segment page call", description = "Usage")
    public Uni<Response> page(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Page.class),
                                            examples =
                                                    @ExampleObject(name = "page", value = SegmentBodies.PAGE_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return single("page", body, encoding, request);
    }

    @POST
    @Path("/screen")
    @Operation(summary = "Segment screen call", description = "Usage")
    public Uni<Response> screen(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Page.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "screen",
                                                            value = SegmentBodies.PAGE_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return single("screen", body, encoding, request);
    }

    @POST
    @Path("/alias")
    @Operation(summary = "Segment alias call", description = "Accepted and ignored")
    public Uni<Response> alias(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Alias.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "alias",
                                                            value = SegmentBodies.ALIAS_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return single("alias", body, encoding, request);
    }

    @POST
    @Path("/batch")
    @Operation(
            summary = "Segment batch: up to 500 messages of any call type",
            description =
                    "413 past 32 KB per message or 512 KB per batch; 503 with Retry-After when Kafka or the database failed.")
    public Uni<Response> segmentBatch(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Batch.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "batch",
                                                            value = SegmentBodies.BATCH_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return batch("batch", body, encoding, request);
    }

    @POST
    @Path("/import")
    @Operation(summary = "Segment import: the same as batch (Segment's Java library posts here)")
    public Uni<Response> segmentImport(
            @RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            schema = @Schema(implementation = SegmentBodies.Batch.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "batch",
                                                            value = SegmentBodies.BATCH_EXAMPLE)))
                    byte[] body,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) @Parameter(hidden = true) String encoding,
            @Context HttpServerRequest request) {
        return batch("import", body, encoding, request);
    }

    private Uni<Response> single(String call, byte[] body, String encoding, HttpServerRequest request) {
        return writeKeys
                .caller(caller.find(), body, encoding, FailedAuthentications.addressOf(request))
                .chain(tenant ->
                        ingestion.single(tenant, call, RequestBodies.decode(body, encoding, limits.maxEventBytes())))
                .map(report -> responses.segment(report, "/v1/" + call));
    }

    private Uni<Response> batch(String call, byte[] body, String encoding, HttpServerRequest request) {
        return writeKeys
                .caller(caller.find(), body, encoding, FailedAuthentications.addressOf(request))
                .chain(tenant -> ingestion.batch(tenant, RequestBodies.decode(body, encoding, limits.maxBatchBytes())))
                .map(report -> responses.segment(report, "/v1/" + call));
    }
}
