package io.churnwatch.bench;

import io.churnwatch.events.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * One phase of the end-to-end benchmark: open-loop background load at a target rate (batches every 100 ms)
 * plus probe customers posted at a steady pace, each made critical by one batch of bad news.
 */
final class EndToEndLoad {

    private static final String[] BACKGROUND_TYPES = {"usage", "usage", "login", "like", "usage"};
    private static final int MAX_IN_FLIGHT = 48;

    /** Latencies per probe; "risk change → webhook" is alert-service's share (consuming, its transaction, the relay, the request). */
    record Result(
            int targetRate,
            double eventsPerSecond,
            long backgroundDropped,
            int probes,
            int probesChanged,
            int probesAlerted,
            double changeP50Ms,
            double changeP99Ms,
            double alertP50Ms,
            double alertP99Ms,
            double changeToAlertP50Ms,
            double changeToAlertP99Ms,
            long maxLag,
            Map<String, Long> rssMb) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "rate %d/s: %.0f events/s accepted (%d not sent: load generator saturated); probes %d, risk change for %d "
                            + "(p50 %.0f ms, p99 %.0f ms), webhook for %d (p50 %.0f ms, p99 %.0f ms), risk change to webhook p50 %.0f ms, p99 %.0f ms; "
                            + "max consumer lag %d; RSS MB %s",
                    targetRate,
                    eventsPerSecond,
                    backgroundDropped,
                    probes,
                    probesChanged,
                    changeP50Ms,
                    changeP99Ms,
                    probesAlerted,
                    alertP50Ms,
                    alertP99Ms,
                    changeToAlertP50Ms,
                    changeToAlertP99Ms,
                    maxLag,
                    rssMb);
        }

        String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"targetRate\":%d,\"eventsPerSecond\":%.1f,\"probes\":%d,\"probesWithRiskChange\":%d,"
                            + "\"postToRiskChangeP50Ms\":%.1f,\"postToRiskChangeP99Ms\":%.1f,\"probesWithWebhook\":%d,\"postToWebhookP50Ms\":%.1f,"
                            + "\"postToWebhookP99Ms\":%.1f,\"riskChangeToWebhookP50Ms\":%.1f,\"riskChangeToWebhookP99Ms\":%.1f,\"maxConsumerLag\":%d,"
                            + "\"rssMb\":%s}",
                    targetRate,
                    eventsPerSecond,
                    probes,
                    probesChanged,
                    changeP50Ms,
                    changeP99Ms,
                    probesAlerted,
                    alertP50Ms,
                    alertP99Ms,
                    changeToAlertP50Ms,
                    changeToAlertP99Ms,
                    maxLag,
                    rssMb.entrySet().stream()
                            .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                            .collect(Collectors.joining(",", "{", "}")));
        }
    }

    private EndToEndLoad() {}

    static Result run(
            URI ingest,
            String key,
            int rate,
            Duration phase,
            double probesPerSecond,
            RiskChangeWatcher changes,
            WebhookReceiver webhook,
            List<ServiceProcess> services,
            String bootstrapServers,
            String prefix)
            throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        AtomicLong accepted = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        AtomicLong sequence = new AtomicLong();
        Map<String, Long> probeSentNanos = new LinkedHashMap<>();
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
        long perTick = Math.max(1, rate / 10);
        ticks.scheduleAtFixedRate(
                () -> {
                    for (long sent = 0; sent < perTick; sent += 500) {
                        int size = (int) Math.min(500, perTick - sent);
                        if (!inFlight.tryAcquire()) {
                            dropped.addAndGet(size);
                            continue;
                        }
                        client.sendAsync(
                                        batch(ingest, key, background(prefix, sequence, size)),
                                        HttpResponse.BodyHandlers.discarding())
                                .whenComplete((answer, error) -> {
                                    inFlight.release();
                                    if (error == null && answer.statusCode() == 202) {
                                        accepted.addAndGet(size);
                                    }
                                });
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
        long probeEveryMicros = (long) (1_000_000 / probesPerSecond);
        AtomicLong probes = new AtomicLong();
        ticks.scheduleAtFixedRate(
                () -> {
                    String customer = prefix + "-probe-" + probes.incrementAndGet();
                    synchronized (probeSentNanos) {
                        probeSentNanos.put(customer, System.nanoTime());
                    }
                    client.sendAsync(batch(ingest, key, badNews(customer)), HttpResponse.BodyHandlers.discarding());
                },
                50_000,
                probeEveryMicros,
                TimeUnit.MICROSECONDS);

        long started = System.nanoTime();
        long maxLag = 0;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int second = 0;
            while (System.nanoTime() - started < phase.toNanos()) {
                Thread.sleep(1_000);
                long lag = lag(admin);
                maxLag = Math.max(maxLag, lag);
                if (++second % 10 == 0) {
                    System.out.printf(
                            "   t=%3d s: accepted %,d events, scoring lag %,d records%n", second, accepted.get(), lag);
                }
            }
            ticks.shutdownNow();
            double seconds = (System.nanoTime() - started) / 1e9;
            List<String> sent;
            synchronized (probeSentNanos) {
                sent = new ArrayList<>(probeSentNanos.keySet());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline && sent.stream().anyMatch(c -> webhook.firstAlert(c) == null)) {
                Thread.sleep(250);
                maxLag = Math.max(maxLag, lag(admin));
            }
            printProbeTimeline(sent, probeSentNanos, started, webhook);
            long[] toChange = latencies(sent, probeSentNanos, changes::firstHigh);
            long[] toAlert = latencies(sent, probeSentNanos, webhook::firstAlert);
            long[] changeToAlert = sent.stream()
                    .filter(c -> changes.firstHigh(c) != null && webhook.firstAlert(c) != null)
                    .mapToLong(c -> webhook.firstAlert(c) - changes.firstHigh(c))
                    .sorted()
                    .toArray();
            Map<String, Long> rss = new LinkedHashMap<>();
            services.forEach(service -> rss.put(service.name(), rssMb(service.pid())));
            return new Result(
                    rate,
                    accepted.get() / seconds,
                    dropped.get(),
                    sent.size(),
                    toChange.length,
                    toAlert.length,
                    ms(toChange, 50),
                    ms(toChange, 99),
                    ms(toAlert, 50),
                    ms(toAlert, 99),
                    ms(changeToAlert, 50),
                    ms(changeToAlert, 99),
                    maxLag,
                    rss);
        }
    }

    /** The probes by the 10-second slice they were sent in: how the latency moved through the phase. */
    private static void printProbeTimeline(
            List<String> sent, Map<String, Long> sentNanos, long started, WebhookReceiver webhook) {
        Map<Long, List<Long>> bySlice = new java.util.TreeMap<>();
        for (String customer : sent) {
            Long alerted = webhook.firstAlert(customer);
            long slice = (sentNanos.get(customer) - started) / 10_000_000_000L * 10;
            bySlice.computeIfAbsent(slice, s -> new ArrayList<>())
                    .add(alerted == null ? Long.MAX_VALUE : alerted - sentNanos.get(customer));
        }
        bySlice.forEach((slice, latencies) -> {
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(
                    "   probes sent at %3d-%3d s: %d, POST -> webhook median %.0f ms, max %s%n",
                    slice,
                    slice + 10,
                    sorted.length,
                    sorted[sorted.length / 2] / 1e6,
                    sorted[sorted.length - 1] == Long.MAX_VALUE
                            ? "not alerted"
                            : String.format("%.0f ms", sorted[sorted.length - 1] / 1e6));
        });
    }

    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets("churnwatch-scoring")
                        .partitionsToOffsetAndMetadata()
                        .get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 6)
                .boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(Topics.EVENTS, p), p -> OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
        long lag = 0;
        for (var end : ends.entrySet()) {
            var done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static long[] latencies(
            List<String> customers, Map<String, Long> sentNanos, java.util.function.Function<String, Long> seen) {
        return customers.stream()
                .filter(c -> seen.apply(c) != null)
                .mapToLong(c -> seen.apply(c) - sentNanos.get(c))
                .sorted()
                .toArray();
    }

    private static double ms(long[] sorted, double percentile) {
        return sorted.length == 0 ? Double.NaN : LatencyRecorder.millis(LatencyRecorder.percentile(sorted, percentile));
    }

    private static long rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static String background(String prefix, AtomicLong sequence, int size) {
        String now = Instant.now().toString();
        return IntStream.range(0, size)
                .mapToObj(i -> {
                    long n = sequence.incrementAndGet();
                    return "{\"messageId\":\"" + prefix + "-bg-" + n + "\",\"customerId\":\"bg-" + (n % 20_000)
                            + "\",\"type\":\"" + BACKGROUND_TYPES[(int) (n % BACKGROUND_TYPES.length)]
                            + "\",\"timestamp\":\"" + now + "\"}";
                })
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
    }

    /** Enough bad news in one batch to take a new customer to critical at once. */
    private static String badNews(String customer) {
        String now = Instant.now().toString();
        List<String> types = List.of(
                "complaint", "complaint", "complaint", "complaint", "downgrade", "payment_failed", "payment_failed");
        return IntStream.range(0, types.size())
                .mapToObj(i -> "{\"messageId\":\"" + customer + "-" + i + "\",\"customerId\":\"" + customer
                        + "\",\"type\":\"" + types.get(i) + "\",\"timestamp\":\"" + now + "\""
                        + (i == 0
                                ? ",\"traits\":{\"mrr\":900,\"segment\":\"enterprise\",\"owner\":\"cs@example.com\",\"signupDate\":\"2023-01-15\"}"
                                : "")
                        + "}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
    }

    private static HttpRequest batch(URI ingest, String key, String body) {
        return HttpRequest.newBuilder(ingest.resolve("/v1/events/batch"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
