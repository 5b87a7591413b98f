package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.scoring.policy.PolicyService;
import io.churnwatch.scoring.policy.TenantPolicies;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The caller's scoring policy: overrides of the documented defaults for the whole tenant
 * ({@code tenantDefault}) and per segment ({@code segments}). PUT replaces them all (write scope).
 */
@Path("/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    private final PolicyService policies;
    private final CallerTenant caller;

    public PolicyResource(PolicyService policies, CallerTenant caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    public Uni<TenantPolicies> get() {
        return policies.read(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<TenantPolicies> put(TenantPolicies body) {
        String tenantId = caller.require(AuthenticatedTenant.SCOPE_WRITE).tenantId();
        if (body == null) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "A policy body is required");
        }
        TenantPolicies normalized = new TenantPolicies(body.tenantDefault(), body.segments() == null ? java.util.Map.of() : body.segments());
        try {
            normalized.forSegment(null);
            normalized.segments().keySet().forEach(normalized::forSegment);
        } catch (IllegalArgumentException e) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "Invalid policy: " + e.getMessage());
        }
        return policies.replace(tenantId, normalized);
    }
}
