package io.churnwatch.alert.api;

import io.churnwatch.alert.persistence.Ids;
import io.churnwatch.alert.persistence.RoutingRule;
import io.churnwatch.alert.routing.RoutingRuleService;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.events.RiskLevel;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** A tenant's routing rules, tried by ascending position; the first match routes an episode. */
@Path("/v1/routing-rules")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingRuleResource {

    /** A rule to create, or the members to change (PATCH). {@code escalateAfter} is an ISO-8601 duration. */
    public record RuleRequest(
            @Size(min = 1, max = 200) String name,
            Integer position,
            RiskLevel minLevel,
            @Size(max = 100) String segment,
            @DecimalMin("0") BigDecimal minMrr,
            @Size(max = 100) String team,
            @Size(max = 20) List<UUID> channelIds,
            Duration escalateAfter,
            UUID escalateTo,
            Boolean enabled) {
        RoutingRuleService.Changes changes() {
            return new RoutingRuleService.Changes(
                    name, position, minLevel, segment, minMrr, team, channelIds, escalateAfter, escalateTo, enabled);
        }
    }

    public record RuleView(
            UUID id,
            String name,
            int position,
            RiskLevel minLevel,
            String segment,
            BigDecimal minMrr,
            String team,
            List<UUID> channelIds,
            Duration escalateAfter,
            UUID escalateTo,
            boolean enabled) {
        static RuleView of(RoutingRule r) {
            return new RuleView(
                    r.id,
                    r.name,
                    r.position,
                    r.minLevel,
                    r.segment,
                    r.minMrr,
                    r.team,
                    Ids.parse(r.channelIds),
                    r.escalateAfterSeconds == null ? null : Duration.ofSeconds(r.escalateAfterSeconds),
                    r.escalateTo,
                    r.enabled);
        }
    }

    private final RoutingRuleService rules;
    private final CallerTenant caller;

    public RoutingRuleResource(RoutingRuleService rules, CallerTenant caller) {
        this.rules = rules;
        this.caller = caller;
    }

    @GET
    public Uni<List<RuleView>> list() {
        return rules.list(reader()).map(list -> list.stream().map(RuleView::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<RuleView> get(@PathParam("id") UUID id) {
        return rules.get(reader(), id).map(RuleView::of);
    }

    @POST
    public Uni<Response> create(@Valid @NotNull RuleRequest body) {
        if (body.name() == null) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "A routing rule needs a name");
        }
        return rules.create(writer(), body.changes())
                .map(r -> Response.created(URI.create("/v1/routing-rules/" + r.id))
                        .entity(RuleView.of(r))
                        .build());
    }

    @PATCH
    @Path("/{id}")
    public Uni<RuleView> update(@PathParam("id") UUID id, @Valid @NotNull RuleRequest body) {
        return rules.update(writer(), id, body.changes()).map(RuleView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return rules.delete(writer(), id).map(deleted -> {
            if (!deleted) {
                throw ProblemException.of(ProblemType.NOT_FOUND, "No routing rule " + id);
            }
            return Response.noContent().build();
        });
    }

    private String reader() {
        return caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
    }

    private String writer() {
        return caller.require(AuthenticatedTenant.SCOPE_WRITE).tenantId();
    }
}
