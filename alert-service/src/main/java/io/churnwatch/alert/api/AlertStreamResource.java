package io.churnwatch.alert.api;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.inbox.OpenStreams;
import io.churnwatch.alert.inbox.StreamTokens;
import io.churnwatch.alert.messaging.AlertStream;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.events.ContractSerde;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The inbox's live updates: server-sent events with the tenant's AlertEvents as they happen. */
@Path("/v1/alerts/stream")
public class AlertStreamResource {

    private final AlertStream stream;
    private final StreamTokens tokens;
    private final CallerTenant caller;
    private final StreamCaller streamCaller;
    private final Duration heartbeat;
    private final OpenStreams openStreams;

    public AlertStreamResource(
            AlertStream stream,
            StreamTokens tokens,
            CallerTenant caller,
            StreamCaller streamCaller,
            AlertConfig config,
            OpenStreams openStreams) {
        this.openStreams = openStreams;
        this.stream = stream;
        this.tokens = tokens;
        this.caller = caller;
        this.streamCaller = streamCaller;
        this.heartbeat = config.stream().heartbeat();
    }

    @POST
    @Path("/tokens")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A one-use token that opens the live stream within a minute (EventSource cannot send headers)")
    public Uni<StreamTokens.Issued> token() {
        AuthenticatedTenant tenant = caller.require(AuthenticatedTenant.SCOPE_READ);
        return tokens.issue(tenant.tenantId(), tenant.keyId());
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary =
                    "Server-sent events: 'alert' with an AlertEvent on every lifecycle change, 'ping' as keep-alive, 'end' before"
                            + " the stream is closed because its API key was revoked",
            description =
                    "Authenticate with ?token= from POST /v1/alerts/stream/tokens, or with an API key in the Authorization header")
    public Multi<OutboundSseEvent> stream(@Context Sse sse) {
        String tenant = streamCaller.tenant();
        OpenStreams.Handle handle = openStreams.open(tenant, streamCaller.keyId());
        Multi<OutboundSseEvent> alerts = stream.of(tenant)
                .map(event -> sse.newEventBuilder()
                        .name("alert")
                        .mediaType(MediaType.TEXT_PLAIN_TYPE)
                        .data(new String(ContractSerde.toJson(event), StandardCharsets.UTF_8))
                        .build());
        Multi<OutboundSseEvent> pings = Multi.createFrom()
                .ticks()
                .startingAfter(Duration.ofMillis(200))
                .every(heartbeat)
                .onOverflow()
                .drop()
                .map(tick -> sse.newEventBuilder().name("ping").data("{}").build());
        Multi<OutboundSseEvent> events = Multi.createBy().merging().streams(pings, alerts);
        return Multi.createFrom().emitter(emitter -> {
            Cancellable upstream = events.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
            emitter.onTermination(() -> {
                upstream.cancel();
                handle.close();
            });
            handle.onRevoked(() -> {
                emitter.emit(sse.newEventBuilder()
                        .name("end")
                        .data("{\"reason\":\"api-key-revoked\"}")
                        .build());
                emitter.complete();
            });
        });
    }
}
