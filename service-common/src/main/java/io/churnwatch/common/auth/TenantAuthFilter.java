package io.churnwatch.common.auth;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemResponses;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /v1/} request with a tenant API key (Bearer, or Basic with the key as
 * user name) and records the tenant in {@link CallerTenant}; {@code /admin/} requests need the admin
 * token instead. Everything else (health, metrics, OpenAPI, static pages) is open. Paths listed in
 * {@code churnwatch.auth.body-key-paths} may come without an Authorization header: their resource
 * reads the key from the body (Segment's {@code writeKey}) and authenticates it itself. Credentials
 * that fail count against the client's address ({@link FailedAuthentications}), which is refused with
 * 429 on {@code /v1/} and {@code /admin/} while it is over the limit.
 */
public class TenantAuthFilter {

    private static final Logger LOG = Logger.getLogger(TenantAuthFilter.class);

    private final TenantDirectory directory;
    private final CallerTenant caller;
    private final FailedAuthentications failures;
    private final Optional<String> adminToken;
    private final Set<String> bodyKeyPaths;

    public TenantAuthFilter(
            TenantDirectory directory,
            CallerTenant caller,
            FailedAuthentications failures,
            @ConfigProperty(name = "churnwatch.admin.token") Optional<String> adminToken,
            @ConfigProperty(name = "churnwatch.auth.body-key-paths") Optional<List<String>> bodyKeyPaths) {
        this.directory = directory;
        this.caller = caller;
        this.failures = failures;
        this.adminToken = adminToken.filter(token -> !token.isBlank());
        this.bodyKeyPaths = Set.copyOf(bodyKeyPaths.orElse(List.of()));
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        boolean admin = path.startsWith("/admin/") || path.equals("/admin");
        if (!admin && !path.startsWith("/v1/")) {
            return Uni.createFrom().nullItem();
        }
        String address = FailedAuthentications.addressOf(http);
        Optional<Duration> blocked = failures.blockedFor(address);
        if (blocked.isPresent()) {
            return Uni.createFrom()
                    .item(ProblemResponses.of(FailedAuthentications.throttled().withInstance(path), blocked.get()));
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (admin) {
            return Uni.createFrom().item(checkAdmin(header, path, address));
        }
        Optional<String> key = ApiKeys.fromAuthorization(header);
        if (key.isEmpty() && bodyKeyPaths.contains(withoutTrailingSlash(path))) {
            return Uni.createFrom().nullItem();
        }
        if (key.isEmpty()) {
            if (header != null && !header.isBlank()) {
                failures.failed(address);
            }
            return Uni.createFrom()
                    .item(unauthorized(
                            "Send an API key as 'Authorization: Bearer <key>' or as the Basic user name", path));
        }
        return directory
                .authenticate(key.get())
                .map(tenant -> {
                    if (tenant.isEmpty()) {
                        failures.failed(address);
                        LOG.debugf(
                                "Rejected an unknown or revoked API key starting %s on %s",
                                ApiKeys.displayPrefix(key.get()), path);
                        return unauthorized("The API key is unknown or revoked", path);
                    }
                    caller.set(tenant.get());
                    return null;
                })
                .onFailure(ProblemException.class)
                .recoverWithItem(failure -> {
                    ProblemException problem = (ProblemException) failure;
                    return ProblemResponses.of(problem.problem().withInstance(path), problem.retryAfter());
                });
    }

    private Response checkAdmin(String header, String path, String address) {
        if (adminToken.isEmpty()) {
            return ProblemResponses.of(
                    Problem.of(ProblemType.FORBIDDEN, "The admin API is disabled: set churnwatch.admin.token")
                            .withInstance(path));
        }
        String given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        if (ApiKeys.sameSecret(adminToken.get(), given)) {
            return null;
        }
        if (header != null && !header.isBlank()) {
            failures.failed(address);
        }
        return unauthorized("Send the admin token as 'Authorization: Bearer <token>'", path);
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Response unauthorized(String detail, String path) {
        return ProblemResponses.of(Problem.of(ProblemType.UNAUTHORIZED, detail).withInstance(path));
    }
}
