package io.churnwatch.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop HTTP load on the ingest API: {@code connections} threads, each sending its next
 * request as soon as the previous one answered, over one keep-alive HTTP/1.1 client (its pool
 * holds one connection per concurrent request). Bounded both in time and in request count.
 * Loopback only: the target must be 127.0.0.1 or localhost.
 */
public final class RestLoad {

    /** What one phase did. Latencies are per request, in nanoseconds, sorted. */
    public record Result(
            String mode,
            int batchSize,
            int connections,
            double seconds,
            long requests,
            long accepted,
            long duplicates,
            long rejected,
            long notAccepted,
            long failedRequests,
            Map<Integer, Long> statuses,
            long[] latencies,
            String firstError,
            double workerCpuSeconds) {

        public double eventsPerSecond() {
            return accepted / seconds;
        }

        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double p50Millis() {
            return LatencyRecorder.millis(LatencyRecorder.percentile(latencies, 50));
        }

        public double p99Millis() {
            return LatencyRecorder.millis(LatencyRecorder.percentile(latencies, 99));
        }
    }

    private final HttpClient client;
    private final URI base;
    private final String apiKey;
    private final String idPrefix;
    private final AtomicLong sequence;
    private final int customers;
    private final boolean withMessageIds;

    public RestLoad(URI base, String apiKey, String idPrefix, int customers, boolean withMessageIds) {
        String host = base.getHost();
        if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
            throw new IllegalArgumentException("The load generator only targets loopback, not " + host);
        }
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.base = base;
        this.apiKey = apiKey;
        this.idPrefix = idPrefix;
        this.sequence = new AtomicLong();
        this.customers = customers;
        this.withMessageIds = withMessageIds;
    }

    /** Message ids handed out so far (each id is used once). */
    public long idsIssued() {
        return sequence.get();
    }

    /**
     * Runs one phase. {@code batchSize} 0 sends single events to /v1/events; otherwise batches of
     * that many events to /v1/events/batch.
     */
    public Result run(String mode, int batchSize, int connections, Duration duration, long maxRequests)
            throws InterruptedException {
        boolean single = batchSize == 0;
        URI uri = base.resolve(single ? "/v1/events" : "/v1/events/batch");
        long deadline = System.nanoTime() + duration.toNanos();
        AtomicLong issued = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong notAccepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong workerCpuNanos = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        String[] firstError = new String[1];
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < connections; w++) {
            LatencyRecorder recorder = new LatencyRecorder((int) Math.min(Integer.MAX_VALUE - 8, maxRequests));
            recorders.add(recorder);
            EventGenerator generator = new EventGenerator(idPrefix, sequence, customers, System.nanoTime() + w)
                    .withMessageId(withMessageIds);
            Thread thread = new Thread(
                    () -> {
                        try {
                            work(
                                    single,
                                    generator,
                                    batchSize,
                                    uri,
                                    deadline,
                                    maxRequests,
                                    issued,
                                    recorder,
                                    statuses,
                                    accepted,
                                    duplicates,
                                    rejected,
                                    notAccepted,
                                    failed,
                                    firstError);
                        } finally {
                            workerCpuNanos.addAndGet(
                                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                        }
                    },
                    "load-" + mode + "-" + w);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 60_000);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] latencies = LatencyRecorder.mergeSorted(recorders);
        Map<Integer, Long> statusCounts = new TreeMap<>();
        statuses.forEach((status, count) -> statusCounts.put(status, count.get()));
        return new Result(
                mode,
                batchSize,
                connections,
                seconds,
                latencies.length,
                accepted.get(),
                duplicates.get(),
                rejected.get(),
                notAccepted.get(),
                failed.get(),
                statusCounts,
                latencies,
                firstError[0],
                workerCpuNanos.get() / 1e9);
    }

    private void work(
            boolean single,
            EventGenerator generator,
            int batchSize,
            URI uri,
            long deadline,
            long maxRequests,
            AtomicLong issued,
            LatencyRecorder recorder,
            Map<Integer, AtomicLong> statuses,
            AtomicLong accepted,
            AtomicLong duplicates,
            AtomicLong rejected,
            AtomicLong notAccepted,
            AtomicLong failed,
            String[] firstError) {
        while (System.nanoTime() < deadline && issued.incrementAndGet() <= maxRequests) {
            byte[] body = single ? generator.next().getBytes(StandardCharsets.UTF_8) : generator.batch(batchSize);
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + apiKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                recorder.record(System.nanoTime() - t0);
                int status = response.statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                if (single) {
                    if (status == 202) {
                        accepted.incrementAndGet();
                    } else if (status == 200) {
                        duplicates.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        remember(firstError, status + " " + response.body());
                    }
                } else if (status == 202) {
                    String answer = response.body();
                    accepted.addAndGet(count(answer, "accepted"));
                    duplicates.addAndGet(count(answer, "duplicates"));
                    rejected.addAndGet(count(answer, "rejected"));
                    notAccepted.addAndGet(count(answer, "notAccepted"));
                } else {
                    failed.incrementAndGet();
                    // A 503 lists the accepted ones too: Kafka acknowledged those.
                    accepted.addAndGet(count(response.body(), "accepted"));
                    remember(firstError, status + " " + response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                recorder.record(System.nanoTime() - t0);
                failed.incrementAndGet();
                remember(firstError, e.toString());
            }
        }
    }

    private static synchronized void remember(String[] slot, String error) {
        if (slot[0] == null) {
            slot[0] = error.length() > 500 ? error.substring(0, 500) + "…" : error;
        }
    }

    /** The top-level count {@code "name":N} at the start of a batch answer; 0 when absent. */
    static long count(String answer, String name) {
        String key = "\"" + name + "\":";
        int at = answer.indexOf(key);
        if (at < 0) {
            return 0;
        }
        int start = at + key.length();
        int end = start;
        while (end < answer.length() && Character.isDigit(answer.charAt(end))) {
            end++;
        }
        return end == start ? 0 : Long.parseLong(answer.substring(start, end));
    }
}
