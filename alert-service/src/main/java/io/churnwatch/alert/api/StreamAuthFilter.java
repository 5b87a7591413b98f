package io.churnwatch.alert.api;

import io.churnwatch.alert.inbox.StreamTokens;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemResponses;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates {@code GET /v1/alerts/stream}: with an API key in the Authorization header as every
 * /v1/ path (checked by the shared TenantAuthFilter), or, for browsers, with a one-use token from
 * {@code POST /v1/alerts/stream/tokens} in {@code ?token=}. The path is listed in
 * {@code churnwatch.auth.body-key-paths} so that the shared filter lets it through without a header.
 */
public class StreamAuthFilter {

    static final String STREAM_PATH = "/v1/alerts/stream";

    private final StreamTokens tokens;
    private final CallerTenant caller;
    private final StreamCaller streamCaller;

    public StreamAuthFilter(StreamTokens tokens, CallerTenant caller, StreamCaller streamCaller) {
        this.tokens = tokens;
        this.caller = caller;
        this.streamCaller = streamCaller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 10)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!STREAM_PATH.equals(path) && !(STREAM_PATH + "/").equals(path)) {
            return Uni.createFrom().nullItem();
        }
        var byKey = caller.find();
        if (byKey.isPresent()) {
            if (!byKey.get().may(AuthenticatedTenant.SCOPE_READ)) {
                return Uni.createFrom()
                        .item(ProblemResponses.of(
                                Problem.of(ProblemType.FORBIDDEN, "This API key lacks the 'read' scope")
                                        .withInstance(path)));
            }
            streamCaller.set(byKey.get().tenantId(), byKey.get().keyId());
            return Uni.createFrom().nullItem();
        }
        String token = request.getUriInfo().getQueryParameters().getFirst("token");
        return tokens.redeem(token).map(holder -> {
            if (holder == null) {
                return ProblemResponses.of(Problem.of(
                                ProblemType.UNAUTHORIZED,
                                "Open the stream with a fresh token from POST /v1/alerts/stream/tokens (one use, short-lived) or an API key")
                        .withInstance(path));
            }
            streamCaller.set(holder.tenant(), holder.keyId());
            return null;
        });
    }
}
