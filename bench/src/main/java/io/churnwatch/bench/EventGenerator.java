package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events in ChurnWatch's v1 request format (docs/events.md) with a realistic shape: a unique
 * messageId, a customer from a pool, a mix of types weighted like a SaaS product's traffic
 * (mostly usage and logins, a few complaints, tickets, NPS answers and purchases), the current
 * time and a few small properties. Built with a StringBuilder so the load generator spends little
 * CPU on the machine it shares with the service. Not thread-safe: one per worker; workers share
 * the id sequence, so ids stay unique across them.
 */
public final class EventGenerator {

    /** Type names with weights in per mille; they add up to 1000. */
    static final String[] TYPES = {
        "usage",
        "login",
        "like",
        "dislike",
        "support_ticket",
        "complaint",
        "error",
        "nps",
        "purchase",
        "payment_failed",
        "upgrade",
        "downgrade"
    };

    static final int[] WEIGHTS = {450, 200, 60, 30, 50, 30, 60, 30, 40, 20, 15, 15};

    private static final String[] FEATURES = {
        "reports", "dashboard", "exports", "alerts", "billing", "integrations", "api", "search"
    };
    private static final String[] CLIENTS = {"web", "ios", "android", "api"};
    private static final String[] PLANS = {"starter", "team", "pro", "enterprise"};
    private static final String[] CHANNELS = {"email", "chat", "phone"};
    private static final String[] COMPLAINTS = {
        "Invoices are wrong again",
        "Export keeps timing out",
        "Too slow since the update",
        "Missing data in last week's report"
    };

    private final String idPrefix;
    private final AtomicLong sequence;
    private final int customers;
    private final SplittableRandom random;
    private final StringBuilder sb = new StringBuilder(512);
    private boolean withMessageId = true;

    public EventGenerator(String idPrefix, AtomicLong sequence, int customers, long seed) {
        this.idPrefix = idPrefix;
        this.sequence = sequence;
        this.customers = customers;
        this.random = new SplittableRandom(seed);
    }

    /**
     * Leaves messageId out when false: the service then generates one and skips its PostgreSQL
     * dedupe, which lets a run measure what the dedupe costs (same events otherwise).
     */
    public EventGenerator withMessageId(boolean value) {
        this.withMessageId = value;
        return this;
    }

    /** One event as the request body of POST /v1/events. */
    public String next() {
        sb.setLength(0);
        append(sb);
        return sb.toString();
    }

    /** A batch body for POST /v1/events/batch: {"events":[...]} with {@code size} events. */
    public byte[] batch(int size) {
        StringBuilder body = new StringBuilder(size * 300 + 16);
        body.append("{\"events\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                body.append(',');
            }
            append(body);
        }
        body.append("]}");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void append(StringBuilder out) {
        long id = sequence.getAndIncrement();
        String type = pickType();
        String client = CLIENTS[random.nextInt(CLIENTS.length)];
        if (withMessageId) {
            out.append("{\"messageId\":\"").append(idPrefix).append(id).append("\",");
        } else {
            out.append('{');
        }
        out.append("\"customerId\":\"cust-")
                .append(random.nextInt(customers))
                .append("\",\"type\":\"")
                .append(type)
                .append("\",\"timestamp\":\"")
                .append(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .append("\",\"properties\":{\"sessionId\":\"s-")
                .append(Long.toHexString(random.nextLong() >>> 16))
                .append("\",");
        switch (type) {
            case "usage" ->
                out.append("\"feature\":\"")
                        .append(FEATURES[random.nextInt(FEATURES.length)])
                        .append("\",\"durationSec\":")
                        .append(5 + random.nextInt(1800))
                        .append(",\"client\":\"")
                        .append(client)
                        .append("\",\"plan\":\"")
                        .append(PLANS[random.nextInt(PLANS.length)])
                        .append('"');
            case "login" ->
                out.append("\"method\":\"")
                        .append(random.nextInt(4) == 0 ? "sso" : "password")
                        .append("\",\"client\":\"")
                        .append(client)
                        .append("\",\"plan\":\"")
                        .append(PLANS[random.nextInt(PLANS.length)])
                        .append('"');
            case "like", "dislike" ->
                out.append("\"item\":\"")
                        .append(FEATURES[random.nextInt(FEATURES.length)])
                        .append('-')
                        .append(random.nextInt(100))
                        .append("\",\"client\":\"")
                        .append(client)
                        .append('"');
            case "support_ticket" ->
                out.append("\"ticketId\":\"T-")
                        .append(10_000 + random.nextInt(90_000))
                        .append("\",\"priority\":\"")
                        .append(random.nextInt(5) == 0 ? "high" : "normal")
                        .append("\",\"channel\":\"")
                        .append(CHANNELS[random.nextInt(CHANNELS.length)])
                        .append('"');
            case "complaint" ->
                out.append("\"channel\":\"")
                        .append(CHANNELS[random.nextInt(CHANNELS.length)])
                        .append("\",\"text\":\"")
                        .append(COMPLAINTS[random.nextInt(COMPLAINTS.length)])
                        .append('"');
            case "error" ->
                out.append("\"code\":\"E")
                        .append(400 + random.nextInt(200))
                        .append("\",\"feature\":\"")
                        .append(FEATURES[random.nextInt(FEATURES.length)])
                        .append("\",\"client\":\"")
                        .append(client)
                        .append('"');
            case "nps" ->
                out.append("\"score\":")
                        .append(random.nextInt(11))
                        .append(",\"survey\":\"q")
                        .append(1 + random.nextInt(4))
                        .append('"');
            case "purchase" ->
                out.append("\"amount\":")
                        .append(5 + random.nextInt(500))
                        .append('.')
                        .append(10 + random.nextInt(90))
                        .append(",\"currency\":\"EUR\",\"sku\":\"addon-")
                        .append(FEATURES[random.nextInt(FEATURES.length)])
                        .append('"');
            case "payment_failed" ->
                out.append("\"reason\":\"card_declined\",\"attempt\":").append(1 + random.nextInt(3));
            default ->
                out.append("\"from\":\"")
                        .append(PLANS[random.nextInt(PLANS.length)])
                        .append("\",\"to\":\"")
                        .append(PLANS[random.nextInt(PLANS.length)])
                        .append('"');
        }
        out.append("}}");
    }

    private String pickType() {
        int roll = random.nextInt(1000);
        for (int i = 0; i < TYPES.length; i++) {
            roll -= WEIGHTS[i];
            if (roll < 0) {
                return TYPES[i];
            }
        }
        return TYPES[0];
    }

    /**
     * The size in bytes of the record the ingest service writes to Kafka for this request event:
     * the contract JSON of the {@link InteractionEvent} it builds (tenant from the API key,
     * receivedAt, source "api"), without key and headers.
     */
    public static int kafkaRecordBytes(String requestEvent, String tenant) {
        return ContractSerde.toJson(contractEvent(requestEvent, tenant)).length;
    }

    /** The {@link InteractionEvent} the ingest service builds for this request event (tenant from the key, receivedAt now, source "api"). */
    public static InteractionEvent contractEvent(String requestEvent, String tenant) {
        try {
            JsonNode node = ContractJson.mapper().readTree(requestEvent);
            JsonNode properties = node.has("properties")
                    ? node.get("properties")
                    : ContractJson.mapper().createObjectNode();
            return new InteractionEvent(
                    node.get("messageId").asText(),
                    true,
                    tenant,
                    node.get("customerId").asText(),
                    node.get("type").asText(),
                    Instant.parse(node.get("timestamp").asText()),
                    Instant.now(),
                    (ObjectNode) properties,
                    null,
                    "api");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mean Kafka record size over {@code samples} events of a fresh generator (ids of the same length class). */
    public static int meanKafkaRecordBytes(String idPrefix, long firstId, int customers, String tenant, int samples) {
        EventGenerator generator = new EventGenerator(idPrefix, new AtomicLong(firstId), customers, 42);
        long total = 0;
        for (int i = 0; i < samples; i++) {
            total += kafkaRecordBytes(generator.next(), tenant);
        }
        return (int) Math.round((double) total / samples);
    }
}
