package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.service.CustomerQueries;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;

/** Customers' risk, timeline and ranked list, within the caller's tenant. */
@Path("/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private static final Set<String> SORTS = Set.of("priority", "score", "customerId");

    private final CustomerQueries queries;
    private final CallerTenant caller;

    public CustomerResource(CustomerQueries queries, CallerTenant caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("/{id}/risk")
    public Uni<CustomerViews.Risk> risk(@PathParam("id") String customerId) {
        return queries.risk(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId(), customerId);
    }

    @GET
    @Path("/{id}/timeline")
    public Uni<CustomerViews.Timeline> timeline(@PathParam("id") String customerId) {
        return queries.timeline(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId(), customerId);
    }

    /** Customers ranked by priority (default), score or id; filtered by level and segment. */
    @GET
    public Uni<CustomerViews.Page> list(@QueryParam("level") String level, @QueryParam("segment") String segment,
            @QueryParam("sort") String sort, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        String tenantId = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        RiskLevel riskLevel = QueryParams.enumValue("level", level, RiskLevel.class);
        String by = QueryParams.oneOf("sort", sort, SORTS, "priority");
        Sort order = "customerId".equals(by) ? Sort.by("customerId") : Sort.descending(by).and("customerId");
        return queries.list(tenantId, riskLevel, segment, order, QueryParams.range("page", page, 0, 100_000, 0),
                QueryParams.range("size", size, 1, 200, 50));
    }
}
