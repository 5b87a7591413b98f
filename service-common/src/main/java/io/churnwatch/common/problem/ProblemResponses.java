package io.churnwatch.common.problem;

import jakarta.ws.rs.core.Response;
import java.time.Duration;

/** Builds problem+json responses. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(Problem problem) {
        return of(problem, null);
    }

    public static Response of(Problem problem, Duration retryAfter) {
        Response.ResponseBuilder builder =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (retryAfter != null) {
            builder.header("Retry-After", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"churnwatch\", Basic realm=\"churnwatch\"");
        }
        return builder.build();
    }
}
