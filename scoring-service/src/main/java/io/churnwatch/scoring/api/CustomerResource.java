package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.state.CustomerQueries;
import io.churnwatch.scoring.state.CustomerViews;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Customers' risk, timeline and ranked list, within the caller's tenant. */
@Path("/v1/customers")
@Tag(name = "Customers")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class CustomerResource {

    private final CustomerQueries queries;
    private final CallerTenant caller;

    public CustomerResource(CustomerQueries queries, CallerTenant caller) {
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("/{id}/risk")
    @Operation(summary = "A customer's explained risk")
    @SecurityRequirement(name = "apiKey", scopes = AuthenticatedTenant.SCOPE_READ)
    public Uni<CustomerViews.Risk> risk(@PathParam("id") String customerId) {
        return queries.risk(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId(), customerId);
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "A customer's events and score history")
    @SecurityRequirement(name = "apiKey", scopes = AuthenticatedTenant.SCOPE_READ)
    public Uni<CustomerViews.Timeline> timeline(@PathParam("id") String customerId) {
        return queries.timeline(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId(), customerId);
    }

    /**
     * Customers ranked by priority (default), score or id; filtered by level and segment. Page with {@code cursor}
     * (the previous page's {@code nextCursor}, keyset paging), or with {@code page} (offset paging, kept for old clients).
     */
    @GET
    @Operation(summary = "Customers ranked by priority, score or id")
    @SecurityRequirement(name = "apiKey", scopes = AuthenticatedTenant.SCOPE_READ)
    public Uni<CustomerViews.Page> list(
            @QueryParam("level")
                    @Parameter(
                            description = "Only customers at this level (any case)",
                            schema = @Schema(implementation = RiskLevel.class))
                    String level,
            @QueryParam("segment") String segment,
            @QueryParam("sort")
                    @Parameter(description = "Default priority")
                    @Pattern(regexp = "^(priority|score|customerId)$")
                    String sort,
            @QueryParam("page")
                    @Parameter(description = "Offset paging, for old clients; not with cursor")
                    @Min(0)
                    @Max(100_000)
                    Integer page,
            @QueryParam("size") @Parameter(description = "Default 50") @Min(1) @Max(200) Integer size,
            @QueryParam("cursor") @Parameter(description = "The previous page's nextCursor") String cursor) {
        String tenantId = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        RiskLevel riskLevel = QueryParams.enumValue("level", level, RiskLevel.class);
        String by = sort == null || sort.isBlank() ? "priority" : sort;
        CustomerQueries.After after = PageCursor.decode(cursor, by);
        if (after != null && page != null) {
            throw QueryParams.invalid("page", "cannot be combined with 'cursor'");
        }
        return queries.list(tenantId, riskLevel, segment, by, after, page == null ? 0 : page, size == null ? 50 : size)
                .map(found -> new CustomerViews.Page(
                        found.page(),
                        found.size(),
                        found.total(),
                        found.items(),
                        found.last() == null ? null : PageCursor.encode(by, found.last())));
    }
}
