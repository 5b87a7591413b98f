package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplaySenderTest {

    @Test
    void sendingWaitsWhileScoringIsBehindAndGoesOnOnceItCaughtUp() throws Exception {
        AtomicInteger posted = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events/batch", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posted.incrementAndGet();
            byte[] answer =
                    "{\"accepted\":2,\"duplicates\":0,\"rejected\":0,\"results\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            List<ReplayInput.Event> events = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Instant at = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * i);
                events.add(new ReplayInput.Event(
                        at, "{\"customerId\":\"c" + i + "\",\"type\":\"usage\",\"timestamp\":\"" + at + "\"}", null));
            }
            AtomicBoolean behind = new AtomicBoolean(true);
            AtomicInteger postedWhileBehind = new AtomicInteger(-1);
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1_000);
                    postedWhileBehind.set(posted.get());
                    behind.set(false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            release.start();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

            ReplaySender.Result result =
                    new ReplaySender(base, "key", 2, 1).send(events.iterator(), n -> {}, 1, sent -> behind.get());

            release.join();
            assertThat(postedWhileBehind.get())
                    .as("batches posted while scoring was behind: only the first")
                    .isLessThanOrEqualTo(1);
            assertThat(posted.get())
                    .as("every batch is posted once scoring caught up")
                    .isEqualTo(3);
            assertThat(result.accepted()).isEqualTo(6);
        } finally {
            server.stop(0);
        }
    }
}
