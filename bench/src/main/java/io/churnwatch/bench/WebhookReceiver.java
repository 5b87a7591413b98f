package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A webhook receiver on loopback that notes when each customer's first alert arrived (also inside digests). */
final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(4);
    private final Map<String, Long> firstAlertNanos = new ConcurrentHashMap<>();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        WebhookReceiver receiver = new WebhookReceiver(server);
        server.createContext("/hook", exchange -> {
            long now = System.nanoTime();
            try (InputStream body = exchange.getRequestBody()) {
                receiver.note(ContractJson.mapper().readTree(body.readAllBytes()), now);
            } catch (IOException e) {
                // an unreadable body is counted as a request without alerts
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(receiver.handlers);
        server.start();
        return receiver;
    }

    private void note(JsonNode payload, long nanos) {
        requests.incrementAndGet();
        for (JsonNode alert : payload.path("alerts")) {
            alerts.incrementAndGet();
            firstAlertNanos.putIfAbsent(alert.path("customerId").asText(), nanos);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    Long firstAlert(String customerId) {
        return firstAlertNanos.get(customerId);
    }

    long alerts() {
        return alerts.get();
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdown(); // its threads are not daemons: left running, they keep the benchmark's JVM from exiting
    }
}
