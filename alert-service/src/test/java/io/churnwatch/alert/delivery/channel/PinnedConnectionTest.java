package io.churnwatch.alert.delivery.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.alert.delivery.TargetGuard;
import io.churnwatch.alert.support.Receiver;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: the webhook request goes to the address {@link TargetGuard} checked, with the URL's host in the
 * Host header, and never to what the name resolves to afterwards.
 */
class PinnedConnectionTest {

    private static final Receiver RECEIVER = new Receiver();
    private static final Vertx VERTX = Vertx.vertx();

    @AfterAll
    static void stop() {
        RECEIVER.close();
        VERTX.close().toCompletionStage().toCompletableFuture().join();
    }

    private static int port() {
        return Integer.parseInt(RECEIVER.url("").replaceAll(".*:", ""));
    }

    private static DeliveryResult post(TargetGuard guard, String url) {
        HttpPoster poster = new HttpPoster(guard, Duration.ofSeconds(10), VERTX);
        return poster.post(url, "key-1", Map.of(), "{}".getBytes(), reply -> DeliveryResult.ok(reply.status()))
                .await()
                .atMost(Duration.ofSeconds(30));
    }

    @Test
    void connectsToTheCheckedAddressWithTheUrlsHost() throws UnknownHostException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        TargetGuard guard = new TargetGuard(true, true, host -> new InetAddress[] {loopback});
        String path = "/pinned-" + UUID.randomUUID();

        DeliveryResult result = post(guard, "http://hooks.example.test:" + port() + path);

        assertThat(result.sent()).as(result.detail()).isTrue();
        assertThat(RECEIVER.requests(path))
                .singleElement()
                .satisfies(r -> assertThat(r.header("Host")).isEqualTo("hooks.example.test:" + port()));
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsNeverReached() throws UnknownHostException {
        InetAddress publicAddress = InetAddress.getByName("192.0.2.10");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AtomicInteger lookups = new AtomicInteger();
        TargetGuard guard = new TargetGuard(
                true, false, host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? publicAddress : loopback});
        String path = "/rebound-" + UUID.randomUUID();

        DeliveryResult result = post(guard, "http://localhost:" + port() + path);

        assertThat(result.sent()).as(result.detail()).isFalse();
        assertThat(RECEIVER.requests(path)).isEmpty();
        assertThat(lookups).hasValue(1);
    }
}
