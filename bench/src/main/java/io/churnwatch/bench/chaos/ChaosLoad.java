package io.churnwatch.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.bench.chaos.Population.PlannedEvent;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Posts the planned events to {@code POST /v1/events/batch} in one-tenant batches over several connections at a
 * steady rate, and retries what was not accepted with the same messageIds and the same bodies (honouring
 * Retry-After) until ingest accepted it or called it a duplicate. Each answer goes to the {@link GroundTruth};
 * every non-2xx answer and every request without an answer to the {@link AnswerLog}.
 */
final class ChaosLoad {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    private final URI batchUri;
    private final Map<String, String> keysByTenant;
    private final List<List<PlannedEvent>> batches;
    private final int connections;
    private final double eventsPerSecond;
    private final GroundTruth truth;
    private final AnswerLog answers;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final AtomicInteger nextBatch = new AtomicInteger();
    private final AtomicInteger finishedBatches = new AtomicInteger();
    private final List<Thread> workers = new ArrayList<>();
    private long startNanos;

    ChaosLoad(
            URI ingest,
            Map<String, String> keysByTenant,
            List<PlannedEvent> events,
            int batchSize,
            int connections,
            double eventsPerSecond,
            GroundTruth truth,
            AnswerLog answers) {
        this.batchUri = ingest.resolve("/v1/events/batch");
        this.keysByTenant = keysByTenant;
        this.batches = batches(events, batchSize);
        this.connections = connections;
        this.eventsPerSecond = eventsPerSecond;
        this.truth = truth;
        this.answers = answers;
    }

    /** The events in plan order, cut into batches of one tenant each. */
    static List<List<PlannedEvent>> batches(List<PlannedEvent> events, int batchSize) {
        List<List<PlannedEvent>> batches = new ArrayList<>();
        Map<String, List<PlannedEvent>> filling = new LinkedHashMap<>();
        for (PlannedEvent event : events) {
            List<PlannedEvent> batch = filling.computeIfAbsent(event.customer().tenant(), t -> new ArrayList<>());
            batch.add(event);
            if (batch.size() == batchSize) {
                batches.add(batch);
                filling.remove(event.customer().tenant());
            }
        }
        batches.addAll(filling.values());
        return batches;
    }

    void start() {
        startNanos = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Thread worker = new Thread(this::work, "chaos-load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Waits until every batch is settled (or given up); false on timeout. */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return workers.stream().noneMatch(Thread::isAlive);
    }

    /** The planned duration at the target rate. */
    Duration plannedDuration() {
        long events = batches.stream().mapToLong(List::size).sum();
        return Duration.ofMillis((long) (events * 1000 / eventsPerSecond));
    }

    int batchCount() {
        return batches.size();
    }

    int finishedBatches() {
        return finishedBatches.get();
    }

    private void work() {
        for (int index; (index = nextBatch.getAndIncrement()) < batches.size(); ) {
            List<PlannedEvent> batch = batches.get(index);
            long dueNanos = startNanos + (long) (index * 1e9 * batches.get(0).size() / eventsPerSecond);
            try {
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            finishedBatches.incrementAndGet();
        }
    }

    /** Sends the batch, then again whatever was not accepted, until all is settled or it is time to give up. */
    private void send(List<PlannedEvent> batch) throws InterruptedException {
        String key = keysByTenant.get(batch.get(0).customer().tenant());
        List<PlannedEvent> pending = batch;
        long giveUp = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < giveUp) {
            String body = pending.stream().map(this::json).collect(Collectors.joining(",", "{\"events\":[", "]}"));
            HttpRequest request = HttpRequest.newBuilder(batchUri)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            answers.request();
            Duration delay = DEFAULT_RETRY_DELAY;
            long sent = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                answers.answered(System.nanoTime() - sent);
                Optional<String> retryAfter = response.headers().firstValue("Retry-After");
                if (response.statusCode() / 100 != 2) {
                    answers.failure(response.statusCode(), retryAfter.isPresent(), response.body());
                }
                delay = retryAfter.map(ChaosLoad::seconds).orElse(DEFAULT_RETRY_DELAY);
                pending = unsettled(pending, response);
            } catch (IOException e) {
                answers.failure(0, false, e.toString());
            }
            if (!pending.isEmpty()) {
                Thread.sleep(delay.toMillis());
            }
        }
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_DELAY;
        }
    }

    /** The events of {@code sent} the answer did not settle: listed as not_accepted, or all of them if the answer lists none. */
    private List<PlannedEvent> unsettled(List<PlannedEvent> sent, HttpResponse<String> response) throws IOException {
        JsonNode results = response.body().isEmpty()
                ? null
                : ContractJson.mapper().readTree(response.body()).get("results");
        if (results == null || !results.isArray()) {
            return sent;
        }
        List<PlannedEvent> retry = new ArrayList<>();
        for (JsonNode result : results) {
            PlannedEvent event = sent.get(result.get("index").asInt());
            if (!truth.note(
                    event.messageId(),
                    GroundTruth.Answer.of(result.get("status").asText()))) {
                answers.notAccepted(result.path("reason").asText("no reason given"));
                retry.add(event);
            }
        }
        return retry;
    }

    /** The event's request JSON, made once: a retry sends the very same event. */
    private String json(PlannedEvent event) {
        return bodies.computeIfAbsent(event.messageId(), id -> {
            Instant at = event.timestamp() != null
                    ? event.timestamp()
                    : Instant.now().truncatedTo(ChronoUnit.MILLIS);
            return "{\"messageId\":\"" + id + "\",\"customerId\":\""
                    + event.customer().id() + "\",\"type\":\"" + event.type() + "\",\"timestamp\":\"" + at
                    + "\",\"properties\":" + properties(event.type()) + "}";
        });
    }

    private static String properties(String type) {
        return switch (type) {
            case "purchase" -> "{\"amount\":49.90,\"currency\":\"EUR\"}";
            case "complaint" -> "{\"channel\":\"email\",\"text\":\"Invoices are wrong again\"}";
            case "payment_failed" -> "{\"reason\":\"card_declined\"}";
            case "usage" -> "{\"feature\":\"reports\"}";
            default -> "{}";
        };
    }
}
