package io.churnwatch.alert.service.channel;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.service.TargetGuard;
import io.churnwatch.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Posts JSON to a webhook with the JDK client: the target is checked by {@link TargetGuard} right
 * before each request, redirects are never followed, and every request carries the
 * {@code Idempotency-Key}. Errors name no URL, since the URL may hold the channel's token.
 */
@ApplicationScoped
public class HttpPoster {

    /** What came back: status and at most 2 KB of body. */
    public record Reply(int status, String body) {
    }

    private final TargetGuard guard;
    private final Duration timeout;
    private final HttpClient client;

    public HttpPoster(TargetGuard guard, AlertConfig config) {
        this.guard = guard;
        this.timeout = config.delivery().requestTimeout();
        this.client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** Posts and classifies: 2xx goes to {@code onSuccess}; 408, 429 and 5xx are retried; other statuses fail for good. */
    public Uni<DeliveryResult> post(String url, String idempotencyKey, Map<String, String> headers, byte[] body,
            Function<Reply, DeliveryResult> onSuccess) {
        return Uni.createFrom().item(() -> guard.check(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(uri -> send(uri, idempotencyKey, headers, body))
                .map(reply -> classify(reply, onSuccess))
                .onFailure().recoverWithItem(HttpPoster::failure);
    }

    private Uni<Reply> send(URI uri, String idempotencyKey, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", idempotencyKey)
                .header("User-Agent", "ChurnWatch-Alerts/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return Uni.createFrom().completionStage(() -> client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                .map(response -> new Reply(response.statusCode(), cut(response.body())));
    }

    private static DeliveryResult classify(Reply reply, Function<Reply, DeliveryResult> onSuccess) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return onSuccess.apply(reply);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryResult.retry(status, "HTTP " + status);
        }
        return DeliveryResult.fail(status, "HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    }

    private static DeliveryResult failure(Throwable error) {
        if (error instanceof ProblemException refused) {
            return DeliveryResult.fail(null, "target refused: " + refused.problem().detail());
        }
        return DeliveryResult.retry(null, error.getClass().getSimpleName());
    }

    private static String cut(String body) {
        return body == null ? "" : body.length() > 2048 ? body.substring(0, 2048) : body;
    }
}
