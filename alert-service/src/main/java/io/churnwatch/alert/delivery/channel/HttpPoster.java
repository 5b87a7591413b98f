package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.delivery.TargetGuard;
import io.churnwatch.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Posts JSON to a webhook with the Vert.x client: the target is checked by {@link TargetGuard} right
 * before each request and the connection goes to the address it checked (the URL's host stays in the
 * Host header, SNI and certificate check), so a DNS answer that changes after the check is never used.
 * Redirects are never followed, and every request carries the {@code Idempotency-Key}. Errors name no
 * URL, since the URL may hold the channel's token.
 */
@ApplicationScoped
public class HttpPoster {

    /** What came back: status and at most 2 KB of body. */
    public record Reply(int status, String body) {}

    private final TargetGuard guard;
    private final Duration timeout;
    private final HttpClient client;

    @Inject
    public HttpPoster(TargetGuard guard, AlertConfig config, Vertx vertx) {
        this(guard, config.delivery().requestTimeout(), vertx);
    }

    public HttpPoster(TargetGuard guard, Duration timeout, Vertx vertx) {
        this.guard = guard;
        this.timeout = timeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setMaxRedirects(0));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** Posts and classifies: 2xx goes to {@code onSuccess}; 408, 429 and 5xx are retried; other statuses fail for good. */
    public Uni<DeliveryResult> post(
            String url,
            String idempotencyKey,
            Map<String, String> headers,
            byte[] body,
            Function<Reply, DeliveryResult> onSuccess) {
        return Uni.createFrom()
                .item(() -> guard.resolve(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(target -> send(target, idempotencyKey, headers, body))
                .ifNoItem()
                .after(timeout)
                .fail()
                .map(reply -> classify(reply, onSuccess))
                .onFailure()
                .recoverWithItem(HttpPoster::failure);
    }

    private Uni<Reply> send(
            TargetGuard.Target target, String idempotencyKey, Map<String, String> headers, byte[] body) {
        URI uri = target.uri();
        boolean https = uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setSsl(https)
                .setHost(TargetGuard.host(uri))
                .setPort(port)
                .setURI(path)
                .setFollowRedirects(false)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), port)))
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Idempotency-Key", idempotencyKey)
                .putHeader("User-Agent", "ChurnWatch-Alerts/1");
        headers.forEach(request::putHeader);
        return Uni.createFrom()
                .completionStage(() -> client.request(request)
                        .compose(outgoing -> outgoing.send(Buffer.buffer(body)))
                        .compose(response -> response.body().map(reply -> new Reply(response.statusCode(), cut(reply))))
                        .toCompletionStage());
    }

    private static DeliveryResult classify(Reply reply, Function<Reply, DeliveryResult> onSuccess) {
        int status = reply.status();
        if (status >= 200 && status < 300) {
            return onSuccess.apply(reply);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return DeliveryResult.retry(status, "HTTP " + status);
        }
        return DeliveryResult.fail(
                status, "HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    }

    private static DeliveryResult failure(Throwable error) {
        if (error instanceof ProblemException refused) {
            return DeliveryResult.fail(
                    null, "target refused: " + refused.problem().detail());
        }
        return DeliveryResult.retry(null, error.getClass().getSimpleName());
    }

    private static String cut(Buffer body) {
        String text = body == null ? "" : body.toString(StandardCharsets.UTF_8);
        return text.length() > 2048 ? text.substring(0, 2048) : text;
    }
}
