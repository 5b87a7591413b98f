package io.churnwatch.common.auth;

import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The tenant of the current request, set by {@link TenantAuthFilter}. */
@RequestScoped
public class CallerTenant {

    private AuthenticatedTenant tenant;

    void set(AuthenticatedTenant authenticated) {
        this.tenant = authenticated;
    }

    /** The tenant, if the request carried credentials in a header. */
    public Optional<AuthenticatedTenant> find() {
        return Optional.ofNullable(tenant);
    }

    public AuthenticatedTenant get() {
        if (tenant == null) {
            throw ProblemException.of(ProblemType.UNAUTHORIZED, "No tenant credentials on this request");
        }
        return tenant;
    }

    public String id() {
        return get().tenantId();
    }

    /** Fails with 403 unless the caller's key has the scope. */
    public AuthenticatedTenant require(String scope) {
        AuthenticatedTenant caller = get();
        if (!caller.may(scope)) {
            throw ProblemException.of(ProblemType.FORBIDDEN, "This API key lacks the '" + scope + "' scope");
        }
        return caller;
    }
}
