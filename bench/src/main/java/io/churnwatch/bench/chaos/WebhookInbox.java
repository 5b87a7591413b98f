package io.churnwatch.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A webhook receiver on loopback that counts the alerts it received per {@code tenant:customer} (digests included). */
final class WebhookInbox implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicLong> alertsByCustomer = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    private WebhookInbox(HttpServer server) {
        this.server = server;
    }

    static WebhookInbox start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        WebhookInbox inbox = new WebhookInbox(server);
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                inbox.note(ContractJson.mapper().readTree(body.readAllBytes()));
            } catch (IOException e) {
                // an unreadable body counts as a request without alerts
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return inbox;
    }

    private void note(JsonNode payload) {
        requests.incrementAndGet();
        for (JsonNode alert : payload.path("alerts")) {
            String key = alert.path("tenant").asText() + ":"
                    + alert.path("customerId").asText();
            alertsByCustomer.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    long alerts(String customerKey) {
        AtomicLong count = alertsByCustomer.get(customerKey);
        return count == null ? 0 : count.get();
    }

    long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
