package io.churnwatch.alert.api;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.persistence.EpisodeState;
import io.churnwatch.alert.service.LifecycleService;
import io.churnwatch.alert.service.StatsService;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The alert inbox API: list, get, acknowledge, snooze, resolve, statistics. Tenant from the API key. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    private final LifecycleService lifecycle;
    private final StatsService stats;
    private final CallerTenant caller;
    private final String inboxBaseUrl;

    public AlertResource(LifecycleService lifecycle, StatsService stats, CallerTenant caller, AlertConfig config) {
        this.lifecycle = lifecycle;
        this.stats = stats;
        this.caller = caller;
        this.inboxBaseUrl = config.inboxBaseUrl();
    }

    @GET
    @Operation(summary = "Alerts, most urgent first", description = "state: open, acknowledged, snoozed or resolved; limit 1 to 500")
    public Uni<List<AlertView>> list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("100") int limit) {
        String tenant = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        if (limit < 1 || limit > 500) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "limit must be between 1 and 500");
        }
        return lifecycle.list(tenant, parseState(state), limit).map(list -> list.stream().map(e -> AlertView.of(e, inboxBaseUrl)).toList());
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Alerts by state, time to acknowledge, precision per rule and kind")
    public Uni<StatsService.Stats> stats() {
        return stats.stats(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId());
    }

    @GET
    @Path("/{id}")
    public Uni<AlertView> get(@PathParam("id") UUID id) {
        return lifecycle.get(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId(), id).map(e -> AlertView.of(e, inboxBaseUrl));
    }

    @POST
    @Path("/{id}/acknowledge")
    public Uni<AlertView> acknowledge(@PathParam("id") UUID id) {
        return lifecycle.acknowledge(writer(), id).map(e -> AlertView.of(e, inboxBaseUrl));
    }

    @POST
    @Path("/{id}/snooze")
    public Uni<AlertView> snooze(@PathParam("id") UUID id, @Valid @NotNull AlertRequests.Snooze body) {
        return lifecycle.snooze(writer(), id, body.until()).map(e -> AlertView.of(e, inboxBaseUrl));
    }

    @POST
    @Path("/{id}/resolve")
    public Uni<AlertView> resolve(@PathParam("id") UUID id, @Valid @NotNull AlertRequests.Resolve body) {
        return lifecycle.resolve(writer(), id, body.outcome(), body.reason(), body.note()).map(e -> AlertView.of(e, inboxBaseUrl));
    }

    private String writer() {
        return caller.require(AuthenticatedTenant.SCOPE_WRITE).tenantId();
    }

    private static EpisodeState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return EpisodeState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "state must be open, acknowledged, snoozed or resolved");
        }
    }
}
