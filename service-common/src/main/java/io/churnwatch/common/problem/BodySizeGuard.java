package io.churnwatch.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.churnwatch.events.ContractJson;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses bodies whose Content-Length is over {@code churnwatch.http.max-body-size} with a 413
 * problem+json, before anything reads them. Quarkus's own, higher {@code quarkus.http.limits.max-body-size}
 * stays as the backstop for chunked bodies.
 */
public class BodySizeGuard {

    void install(
            @Observes Router router,
            @ConfigProperty(name = "churnwatch.http.max-body-size", defaultValue = "2M") MemorySize limit) {
        long maxBytes = limit.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, maxBytes)) {
                Problem problem = Problem.of(
                                ProblemType.PAYLOAD_TOO_LARGE,
                                "The body is " + length + " bytes; this service takes at most " + maxBytes)
                        .withInstance(context.request().path());
                context.response()
                        .setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(json(problem));
                return;
            }
            context.next();
        });
    }

    private static boolean exceeds(String contentLength, long maxBytes) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String json(Problem problem) {
        try {
            return ContractJson.mapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            return "{\"status\":413}";
        }
    }
}
