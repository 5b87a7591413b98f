package io.churnwatch.alert.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.episode.LifecycleService;
import io.churnwatch.alert.inbox.EpisodeHistory;
import io.churnwatch.alert.inbox.ScoringClient;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EpisodeRepository;
import io.churnwatch.alert.persistence.EpisodeState;
import io.churnwatch.alert.stats.AlertMetrics;
import io.churnwatch.alert.stats.StatsService;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.events.RiskLevel;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** The alert inbox API: list, get, acknowledge, snooze, resolve, statistics. Tenant from the API key. */
@Path("/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertResource {

    /** An episode's history: its own lifecycle and notifications, and the customer's score history from scoring-service when reachable. */
    public record History(UUID id, String customerId, List<EpisodeHistory.Entry> entries, JsonNode scoring) {}

    private final LifecycleService lifecycle;
    private final StatsService stats;
    private final EpisodeHistory history;
    private final ScoringClient scoring;
    private final AlertMetrics metrics;
    private final CallerTenant caller;
    private final String inboxBaseUrl;

    public AlertResource(
            LifecycleService lifecycle,
            StatsService stats,
            EpisodeHistory history,
            ScoringClient scoring,
            AlertMetrics metrics,
            CallerTenant caller,
            AlertConfig config) {
        this.lifecycle = lifecycle;
        this.stats = stats;
        this.history = history;
        this.scoring = scoring;
        this.metrics = metrics;
        this.caller = caller;
        this.inboxBaseUrl = config.inboxBaseUrl();
    }

    @GET
    @Operation(
            summary = "Alerts, most urgent first",
            description =
                    "state: open, acknowledged, snoozed, resolved or active (all but resolved); level: the lowest level (LOW to CRITICAL); "
                            + "segment and owner: exact, ignoring case; limit 1 to 500. A full page carries a Link header (rel=\"next\") whose "
                            + "cursor continues the walk after the page's last alert (keyset paging)")
    public Uni<RestResponse<List<AlertView>>> list(
            @QueryParam("state") String state,
            @QueryParam("level") String level,
            @QueryParam("segment") String segment,
            @QueryParam("owner") String owner,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        String tenant = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        if (limit < 1 || limit > 500) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "limit must be between 1 and 500");
        }
        EpisodeRepository.Filter filter = new EpisodeRepository.Filter(
                "active".equalsIgnoreCase(blankToNull(state)) ? null : parseState(state),
                "active".equalsIgnoreCase(blankToNull(state)),
                parseLevel(level),
                blankToNull(segment),
                blankToNull(owner));
        return lifecycle.list(tenant, filter, AlertCursor.decode(cursor), limit).map(page -> {
            RestResponse.ResponseBuilder<List<AlertView>> response = RestResponse.ResponseBuilder.ok(
                    page.stream().map(e -> AlertView.of(e, inboxBaseUrl)).toList());
            if (page.size() == limit) {
                String next = AlertCursor.encode(EpisodeRepository.After.of(page.get(page.size() - 1)));
                URI link = uri.getRequestUriBuilder()
                        .replaceQueryParam("cursor", next)
                        .build();
                response.header(
                        HttpHeaders.LINK, "<" + link.getRawPath() + "?" + link.getRawQuery() + ">; rel=\"next\"");
            }
            return response.build();
        });
    }

    @GET
    @Path("/{id}/history")
    @Operation(
            summary =
                    "The episode's lifecycle changes and notifications, newest first, and the customer's score history (scoring-service) when reachable")
    public Uni<History> history(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String tenant = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        return lifecycle
                .get(tenant, id)
                .chain(episode -> Uni.combine()
                        .all()
                        .unis(history.of(tenant, id), scoring.timeline(authorization, episode.customerId))
                        .with((entries, scores) -> new History(id, episode.customerId, entries, scores)));
    }

    @POST
    @Path("/{id}/won-back")
    @Operation(
            summary =
                    "Record that the customer of an alert resolved as churned came back (counts in the win-back rate)")
    public Uni<AlertView> wonBack(@PathParam("id") UUID id) {
        return lifecycle.wonBack(writer(), id).map(e -> AlertView.of(e, inboxBaseUrl));
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
        return lifecycle
                .get(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId(), id)
                .map(e -> AlertView.of(e, inboxBaseUrl));
    }

    @POST
    @Path("/{id}/acknowledge")
    public Uni<AlertView> acknowledge(@PathParam("id") UUID id) {
        return lifecycle.acknowledge(writer(), id).map(result -> {
            Episode e = result.episode();
            if (result.changed() && e.acknowledgedAt != null && e.openedAt != null) {
                metrics.acknowledged(e.tenant, Duration.between(e.openedAt, e.acknowledgedAt));
            }
            return AlertView.of(e, inboxBaseUrl);
        });
    }

    @POST
    @Path("/{id}/snooze")
    public Uni<AlertView> snooze(@PathParam("id") UUID id, @Valid @NotNull AlertRequests.Snooze body) {
        return lifecycle.snooze(writer(), id, body.until()).map(e -> AlertView.of(e, inboxBaseUrl));
    }

    @POST
    @Path("/{id}/resolve")
    public Uni<AlertView> resolve(@PathParam("id") UUID id, @Valid @NotNull AlertRequests.Resolve body) {
        return lifecycle
                .resolve(writer(), id, body.outcome(), body.reason(), body.note())
                .map(e -> AlertView.of(e, inboxBaseUrl));
    }

    private String writer() {
        return caller.require(AuthenticatedTenant.SCOPE_WRITE).tenantId();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static RiskLevel parseLevel(String level) {
        if (level == null || level.isBlank()) {
            return null;
        }
        try {
            return RiskLevel.valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(
                    ProblemType.INVALID_REQUEST,
                    "level must be one of " + java.util.Arrays.toString(RiskLevel.values()));
        }
    }

    private static EpisodeState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return EpisodeState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(
                    ProblemType.INVALID_REQUEST, "state must be open, acknowledged, snoozed, resolved or active");
        }
    }
}
