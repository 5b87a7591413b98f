package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.state.CustomerQueries;
import io.churnwatch.scoring.state.CustomerViews;
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

    /**
     * Customers ranked by priority (default), score or id; filtered by level and segment. Page with {@code cursor}
     * (the previous page's {@code nextCursor}, keyset paging), or with {@code page} (offset paging, kept for old clients).
     */
    @GET
    public Uni<CustomerViews.Page> list(@QueryParam("level") String level, @QueryParam("segment") String segment,
            @QueryParam("sort") String sort, @QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("cursor") String cursor) {
        String tenantId = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        RiskLevel riskLevel = QueryParams.enumValue("level", level, RiskLevel.class);
        String by = QueryParams.oneOf("sort", sort, SORTS, "priority");
        CustomerQueries.After after = PageCursor.decode(cursor, by);
        if (after != null && page != null) {
            throw QueryParams.invalid("page", "cannot be combined with 'cursor'");
        }
        return queries.list(tenantId, riskLevel, segment, by, after, QueryParams.range("page", page, 0, 100_000, 0),
                QueryParams.range("size", size, 1, 200, 50)).map(found -> new CustomerViews.Page(found.page(), found.size(),
                found.total(), found.items(), found.last() == null ? null : PageCursor.encode(by, found.last())));
    }
}
