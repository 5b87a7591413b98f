package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts events in timestamp order to POST /v1/events/batch: batches of up to {@code batchSize} events
 * (and under the service's 512 KB body limit) over {@code connections} keep-alive connections, each a
 * closed loop. A 503 or 429, or a 202 with events not accepted, is retried whole after Retry-After: the
 * events carry messageIds, so what was written already comes back as a duplicate. With a positive
 * {@code maxAhead}, sending pauses while {@code behind} says scoring is behind with that many events sent:
 * the consumer takes up to 500 records from one partition at a time, so an unbounded backlog lets one
 * partition's event time run days ahead of another's, and the tenant's event-time watermark (the latest
 * event time seen) with it; and a gap scan left behind the watermark would look at a silent customer only
 * after a later event (a fed churn) was applied, as it never would live.
 */
public final class ReplaySender {

    /** What the service answered, summed over the run. */
    public record Result(
            long events,
            long accepted,
            long duplicates,
            long rejected,
            long requests,
            long retries,
            double seconds,
            List<String> rejections) {

        public double eventsPerSecond() {
            return seconds == 0 ? 0 : (accepted + duplicates) / seconds;
        }
    }

    private static final int MAX_BODY_BYTES = 480 * 1024;
    private static final byte[] POISON = new byte[0];

    private final URI endpoint;
    private final String apiKey;
    private final int batchSize;
    private final int connections;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final List<String> rejections = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public ReplaySender(URI ingestBase, String apiKey, int batchSize, int connections) {
        this.endpoint = ingestBase.resolve("/v1/events/batch");
        this.apiKey = apiKey;
        this.batchSize = batchSize;
        this.connections = connections;
    }

    /** Sends every event; {@code progress} is called with the events sent so far about every 50,000. */
    public Result send(
            Iterator<ReplayInput.Event> ordered,
            java.util.function.LongConsumer progress,
            long maxAhead,
            java.util.function.LongPredicate behind)
            throws InterruptedException {
        long started = System.nanoTime();
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(connections * 2);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread worker = new Thread(() -> work(queue), "replay-sender-" + i);
            worker.start();
            workers.add(worker);
        }
        StringBuilder body = new StringBuilder(MAX_BODY_BYTES + 64 * 1024);
        int inBatch = 0;
        long sent = 0;
        long nextReport = 50_000;
        while (ordered.hasNext() && failure.get() == null) {
            String json = ordered.next().json();
            if (inBatch > 0 && (inBatch == batchSize || body.length() + json.length() + 2 > MAX_BODY_BYTES)) {
                while (maxAhead > 0 && behind.test(sent) && failure.get() == null) {
                    Thread.sleep(20);
                }
                queue.put(close(body));
                inBatch = 0;
            }
            body.append(inBatch == 0 ? "{\"events\":[" : ",").append(json);
            inBatch++;
            events.incrementAndGet();
            if (++sent >= nextReport) {
                progress.accept(sent);
                nextReport += 50_000;
            }
        }
        if (inBatch > 0) {
            queue.put(close(body));
        }
        for (int i = 0; i < connections; i++) {
            queue.put(POISON);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Replay sending failed: " + failure.get(), failure.get());
        }
        synchronized (rejections) {
            return new Result(
                    events.get(),
                    accepted.get(),
                    duplicates.get(),
                    rejected.get(),
                    requests.get(),
                    retries.get(),
                    (System.nanoTime() - started) / 1e9,
                    List.copyOf(rejections));
        }
    }

    private static byte[] close(StringBuilder body) {
        body.append("]}");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        body.setLength(0);
        return bytes;
    }

    private void work(BlockingQueue<byte[]> queue) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            byte[] body;
            while ((body = queue.take()) != POISON) {
                post(client, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            failure.compareAndSet(null, e);
            // Drain so the reader is not blocked forever on a full queue.
            while (queue.poll() != null) {
                // discard
            }
        }
    }

    private void post(HttpClient client, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; ; attempt++) {
            requests.incrementAndGet();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= 10) {
                    throw e;
                }
                retries.incrementAndGet();
                Thread.sleep(500L * attempt);
                continue;
            }
            int status = response.statusCode();
            if (status == 503 || status == 429) {
                if (attempt >= 20) {
                    throw new IOException("still " + status + " after " + attempt + " attempts: " + response.body());
                }
                retries.incrementAndGet();
                Thread.sleep(1000L
                        * response.headers().firstValueAsLong("Retry-After").orElse(1));
                continue;
            }
            if (status != 202 && status != 400) {
                throw new IOException("POST /v1/events/batch answered " + status + ": " + response.body());
            }
            JsonNode answer = ContractJson.mapper().readTree(response.body());
            if (answer.path("notAccepted").asLong() > 0 && attempt < 20) {
                retries.incrementAndGet();
                Thread.sleep(200);
                continue;
            }
            accepted.addAndGet(answer.path("accepted").asLong());
            duplicates.addAndGet(answer.path("duplicates").asLong());
            rejected.addAndGet(answer.path("rejected").asLong());
            noteRejections(answer.path("results"));
            return;
        }
    }

    private void noteRejections(JsonNode results) {
        for (JsonNode result : results) {
            if ("rejected".equals(result.path("status").asText())) {
                synchronized (rejections) {
                    if (rejections.size() < 5) {
                        rejections.add(result.path("messageId").asText() + ": "
                                + result.path("errors").toString());
                    }
                }
            }
        }
    }
}
