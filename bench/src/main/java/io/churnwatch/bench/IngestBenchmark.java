package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.FreePorts;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One command, one broker: Kafka's ProducerPerformance as the reference, then REST load on the
 * ingest service (batches, then single events), then a read-back of churnwatch.events.v1 that must
 * hold exactly the events the REST load was told were accepted. Prints records/s of both, their
 * ratio, request p50/p99, and ends with one JSON line holding all numbers.
 */
public final class IngestBenchmark {

    static final String TENANT = "bench";
    static final String ADMIN_TOKEN = "bench-admin-token";
    static final String PP_TOPIC = "bench.producer-perf";

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        quietLogs();
        BenchOptions o = BenchOptions.parse(args);
        System.exit(new IngestBenchmark().run(o));
    }

    private static void quietLogs() {
        try {
            org.jboss.logmanager.LogContext.getSystemLogContext()
                    .getLogger("")
                    .setLevel(java.util.logging.Level.WARNING);
        } catch (Throwable ignored) {
            // Logging stays at its default level.
        }
    }

    int run(BenchOptions o) throws Exception {
        Path dir = Files.createTempDirectory("churnwatch-bench-");
        String idPrefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + "-";
        say("ChurnWatch ingest benchmark; work dir " + dir + (o.quick ? " (quick mode)" : "")
                + (o.noMessageIds ? " (events without messageId: no PostgreSQL dedupe)" : ""));
        say("machine: " + Runtime.getRuntime().availableProcessors() + " cores, java "
                + System.getProperty("java.version"));
        DevStack stack = new DevStack(dir, FreePorts.next(), FreePorts.next(), FreePorts.next(), o.partitions);
        ServiceProcess ingest = null;
        Thread cleanup = null;
        try {
            long t0 = System.nanoTime();
            stack.start();
            stack.kafka().createTopics(List.of(PP_TOPIC), o.partitions);
            say(
                    "stack up in %.1f s: Kafka %s, PostgreSQL port %d; topics %s and %s with %d partitions",
                    (System.nanoTime() - t0) / 1e9,
                    stack.kafka().bootstrapServers(),
                    stack.postgres().port(),
                    Topics.EVENTS,
                    PP_TOPIC,
                    o.partitions);

            Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
            config.put("churnwatch.admin.token", ADMIN_TOKEN);
            config.put("churnwatch.ingest.rate-limit.events-per-second", "100000000");
            config.put("churnwatch.ingest.rate-limit.burst", "100000000");
            List<String> jvm = new ArrayList<>();
            Path jfrFile = dir.resolve("ingest.jfr");
            if (o.jfr) {
                jvm.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
            }
            int port = FreePorts.next();
            t0 = System.nanoTime();
            ingest = ServiceProcess.start(
                    "ingest-service", o.projectDir, config, port, o.ingestHeap, jvm, dir.resolve("ingest-service.log"));
            ServiceProcess started = ingest;
            cleanup = new Thread(
                    () -> {
                        started.close();
                        stack.close();
                    },
                    "bench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            ingest.awaitReady(Duration.ofSeconds(120));
            say(
                    "ingest-service ready in %.1f s on %s (pid %d, log %s)",
                    (System.nanoTime() - t0) / 1e9, ingest.base(), ingest.pid(), ingest.log());
            String apiKey = createTenantAndKey(ingest.base(), ADMIN_TOKEN, TENANT, "[\"ingest\"]");

            int recordSize = EventGenerator.meanKafkaRecordBytes(idPrefix, 1_000_000, o.customers, TENANT, 2000);
            say(
                    "record size: %d bytes (mean contract JSON the ingest service writes to Kafka for the generated events)",
                    recordSize);

            Path pgDir = dir.resolve("postgres");
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("bench-jvm(broker+load)", ProcessHandle.current().pid());
            pids.put("ingest-service", ingest.pid());

            // 1. The reference: Kafka's own producer on the same broker, same partitions, same producer settings as
            // ingest.
            Map<String, String> ppProps = new LinkedHashMap<>();
            ppProps.put("bootstrap.servers", stack.kafka().bootstrapServers());
            ppProps.put("acks", "all");
            ppProps.put("enable.idempotence", "true");
            ppProps.put("max.in.flight.requests.per.connection", "5");
            ppProps.put("linger.ms", "5");
            ppProps.put("batch.size", "262144");
            ppProps.put("compression.type", "lz4");
            ppProps.putAll(o.ppProps);
            say("== ProducerPerformance: %d records of %d bytes, throughput -1, %s", o.ppRecords, recordSize, ppProps);
            Map<String, Double> cpuBefore = CpuTimes.snapshot(pids, pgDir);
            ProducerPerfRun.Result pp = ProducerPerfRun.run(PP_TOPIC, o.ppRecords, recordSize, ppProps);
            Map<String, Double> cpuAfter = CpuTimes.snapshot(pids, pgDir);
            String ppCpu = CpuTimes.describe(cpuBefore, cpuAfter, pp.seconds())
                    + String.format(", ProducerPerformance JVM %.1fs", pp.cpuSeconds());
            say(
                    "ProducerPerformance: %.0f records/s, p50 %d ms, p99 %d ms; CPU: %s",
                    pp.recordsPerSecond(), pp.p50Ms(), pp.p99Ms(), ppCpu);

            // 2. REST load.
            RestLoad load = new RestLoad(ingest.base(), apiKey, idPrefix, o.customers, !o.noMessageIds);
            long acceptedTotal = 0;
            say(
                    "== REST batch warm-up: %d x %d events, %d connections, %d s",
                    o.batchConnections, o.batchSize, o.batchConnections, o.warmup.toSeconds());
            RestLoad.Result warm = load.run("batch-warmup", o.batchSize, o.batchConnections, o.warmup, o.maxRequests);
            acceptedTotal += warm.accepted();
            describe(warm);
            String metricsBefore = metrics(ingest.management());
            cpuBefore = CpuTimes.snapshot(pids, pgDir);
            say("== REST batch measured: %d s", o.batchDuration.toSeconds());
            RestLoad.Result batch = load.run("batch", o.batchSize, o.batchConnections, o.batchDuration, o.maxRequests);
            cpuAfter = CpuTimes.snapshot(pids, pgDir);
            String metricsAfter = metrics(ingest.management());
            acceptedTotal += batch.accepted();
            describe(batch);
            String batchCpu = CpuTimes.describe(cpuBefore, cpuAfter, batch.seconds())
                    + String.format(", of it load-generator threads %.1fs", batch.workerCpuSeconds());
            say("  CPU: %s", batchCpu);
            String batchServer = serverBreakdown(metricsBefore, metricsAfter, "/v1/events/batch");
            say("  server side: %s", batchServer);

            say("== REST single-event warm-up: %d connections, %d s", o.singleConnections, o.singleWarmup.toSeconds());
            RestLoad.Result singleWarm =
                    load.run("single-warmup", 0, o.singleConnections, o.singleWarmup, o.maxRequests);
            acceptedTotal += singleWarm.accepted();
            describe(singleWarm);
            metricsBefore = metrics(ingest.management());
            cpuBefore = CpuTimes.snapshot(pids, pgDir);
            say("== REST single-event measured: %d s", o.singleDuration.toSeconds());
            RestLoad.Result single = load.run("single", 0, o.singleConnections, o.singleDuration, o.maxRequests);
            cpuAfter = CpuTimes.snapshot(pids, pgDir);
            metricsAfter = metrics(ingest.management());
            acceptedTotal += single.accepted();
            describe(single);
            String singleCpu = CpuTimes.describe(cpuBefore, cpuAfter, single.seconds())
                    + String.format(", of it load-generator threads %.1fs", single.workerCpuSeconds());
            say("  CPU: %s", singleCpu);
            String singleServer = serverBreakdown(metricsBefore, metricsAfter, "/v1/events");
            say("  server side: %s", singleServer);

            // 3. Correctness: the topic holds exactly the accepted events, each once.
            TopicCounter.Count count = TopicCounter.count(
                    stack.kafka().bootstrapServers(), Topics.EVENTS, idPrefix, Duration.ofMinutes(5));
            boolean verified = count.records() == acceptedTotal
                    && (o.noMessageIds || count.withPrefix() == acceptedTotal && count.distinctIds() == acceptedTotal);
            say(
                    "== verify: %s holds %d records (%d with this run's ids, %d distinct, mean value %.0f bytes); REST load accepted %d -> %s",
                    Topics.EVENTS,
                    count.records(),
                    count.withPrefix(),
                    count.distinctIds(),
                    count.meanValueBytes(),
                    acceptedTotal,
                    verified ? "OK" : "MISMATCH");

            ingest.close(); // the service before the broker
            stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
            if (o.jfr) {
                say("JFR profile of ingest-service: %s", jfrFile);
                JfrTop.print(jfrFile, 25);
            }

            double ratio = batch.eventsPerSecond() / pp.recordsPerSecond();
            System.out.println();
            say(
                    "RESULT ProducerPerformance      %,.0f records/s (p50 %d ms, p99 %d ms)",
                    pp.recordsPerSecond(), pp.p50Ms(), pp.p99Ms());
            say(
                    "RESULT REST batch (%d ev/req)  %,.0f events/s, %,.1f req/s, p50 %.1f ms, p99 %.1f ms, %d connections",
                    o.batchSize,
                    batch.eventsPerSecond(),
                    batch.requestsPerSecond(),
                    batch.p50Millis(),
                    batch.p99Millis(),
                    batch.connections());
            say(
                    "RESULT ratio batch / PP       %.3f (goal %.2f: %s)",
                    ratio, o.goal, ratio >= o.goal ? "met" : "NOT met");
            say(
                    "RESULT REST single event      %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d connections",
                    single.requestsPerSecond(), single.p50Millis(), single.p99Millis(), single.connections());
            say(
                    "RESULT verify                 %d on topic, %d accepted: %s",
                    count.records(), acceptedTotal, verified ? "OK" : "MISMATCH");
            System.out.println(json(o, recordSize, pp, batch, single, ratio, count, acceptedTotal, verified));
            if (!o.keep) {
                deleteQuietly(dir);
            }
            return verified && batch.failedRequests() == 0 && single.failedRequests() == 0 ? 0 : 1;
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e);
            if (ingest != null) {
                System.err.println("ingest-service log: " + ingest.log() + " (kept)");
            }
            throw e;
        } finally {
            if (ingest != null) {
                ingest.close();
            }
            stack.close();
        }
    }

    private static void describe(RestLoad.Result r) {
        say(
                "  %s: %d requests in %.1f s = %.1f req/s, %d events accepted = %.0f events/s, p50 %.2f ms, p99 %.2f ms, "
                        + "duplicates %d, rejected %d, not accepted %d, failed requests %d, statuses %s%s",
                r.mode(),
                r.requests(),
                r.seconds(),
                r.requestsPerSecond(),
                r.accepted(),
                r.eventsPerSecond(),
                r.p50Millis(),
                r.p99Millis(),
                r.duplicates(),
                r.rejected(),
                r.notAccepted(),
                r.failedRequests(),
                r.statuses(),
                r.firstError() == null ? "" : "; first error: " + r.firstError());
    }

    /** Creates a tenant and an API key with {@code scopesJson} (a JSON array) over the admin API; returns the key. */
    static String createTenantAndKey(URI base, String adminToken, String tenantId, String scopesJson)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> tenant = client.send(
                HttpRequest.newBuilder(base.resolve("/admin/tenants"))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"id\":\"" + tenantId + "\",\"name\":\"Benchmark\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (tenant.statusCode() != 201) {
            throw new IllegalStateException(
                    "Creating the tenant answered " + tenant.statusCode() + ": " + tenant.body());
        }
        HttpResponse<String> key = client.send(
                HttpRequest.newBuilder(base.resolve("/admin/tenants/" + tenantId + "/keys"))
                        .header("Authorization", "Bearer " + adminToken)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\",\"scopes\":" + scopesJson + "}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (key.statusCode() != 201) {
            throw new IllegalStateException("Creating the API key answered " + key.statusCode() + ": " + key.body());
        }
        JsonNode created = ContractJson.mapper().readTree(key.body());
        say(
                "tenant '%s' and API key %s… created over the admin API",
                tenantId, created.get("prefix").asText());
        return created.get("key").asText();
    }

    private static String metrics(URI management) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(management.resolve("/q/metrics"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Server-side mean request time and mean Kafka-ack wait from the service's own Prometheus metrics. */
    static String serverBreakdown(String before, String after, String uri) {
        String label = "uri=\"" + uri + "\"";
        double count = sum(after, "http_server_requests_seconds_count", label)
                - sum(before, "http_server_requests_seconds_count", label);
        double total = sum(after, "http_server_requests_seconds_sum", label)
                - sum(before, "http_server_requests_seconds_sum", label);
        double ackCount = sum(after, "churnwatch_ingest_kafka_ack_seconds_count", "")
                - sum(before, "churnwatch_ingest_kafka_ack_seconds_count", "");
        double ackSum = sum(after, "churnwatch_ingest_kafka_ack_seconds_sum", "")
                - sum(before, "churnwatch_ingest_kafka_ack_seconds_sum", "");
        if (count <= 0) {
            return "no metrics";
        }
        double mean = 1000 * total / count;
        double ack = ackCount <= 0 ? 0 : 1000 * ackSum / ackCount;
        return String.format(
                "%.0f requests, mean server time %.2f ms, of it waiting for Kafka acks %.2f ms (%.0f%%), "
                        + "rest (auth, parse, validate, PostgreSQL dedupe, answer) %.2f ms",
                count, mean, ack, mean == 0 ? 0 : 100 * ack / mean, mean - ack);
    }

    static double sum(String text, String metric, String labelContains) {
        double total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                if (labelContains.isEmpty() || line.contains(labelContains)) {
                    try {
                        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    } catch (NumberFormatException ignored) {
                        // not a sample line
                    }
                }
            }
        }
        return total;
    }

    private static String json(
            BenchOptions o,
            int recordSize,
            ProducerPerfRun.Result pp,
            RestLoad.Result batch,
            RestLoad.Result single,
            double ratio,
            TopicCounter.Count count,
            long accepted,
            boolean verified) {
        return String.format(
                "{\"recordSizeBytes\":%d,\"ppRecords\":%d,\"ppRecordsPerSec\":%.1f,\"ppP50Ms\":%d,\"ppP99Ms\":%d,"
                        + "\"batchSize\":%d,\"batchConnections\":%d,\"batchSeconds\":%.2f,\"batchRequests\":%d,\"batchEventsPerSec\":%.1f,"
                        + "\"batchReqPerSec\":%.2f,\"batchP50Ms\":%.2f,\"batchP99Ms\":%.2f,\"ratio\":%.4f,\"goal\":%.2f,\"goalMet\":%s,"
                        + "\"singleConnections\":%d,\"singleSeconds\":%.2f,\"singleRequests\":%d,\"singleReqPerSec\":%.1f,\"singleP50Ms\":%.3f,"
                        + "\"singleP99Ms\":%.3f,\"failedRequests\":%d,\"acceptedTotal\":%d,\"topicRecords\":%d,\"topicDistinctIds\":%d,"
                        + "\"meanTopicValueBytes\":%.1f,\"verified\":%s,\"quick\":%s,\"messageIds\":%s,\"cores\":%d}",
                recordSize,
                pp.records(),
                pp.recordsPerSecond(),
                pp.p50Ms(),
                pp.p99Ms(),
                o.batchSize,
                batch.connections(),
                batch.seconds(),
                batch.requests(),
                batch.eventsPerSecond(),
                batch.requestsPerSecond(),
                batch.p50Millis(),
                batch.p99Millis(),
                ratio,
                o.goal,
                ratio >= o.goal,
                single.connections(),
                single.seconds(),
                single.requests(),
                single.requestsPerSecond(),
                single.p50Millis(),
                single.p99Millis(),
                batch.failedRequests() + single.failedRequests(),
                accepted,
                count.records(),
                count.distinctIds(),
                count.meanValueBytes(),
                verified,
                o.quick,
                !o.noMessageIds,
                Runtime.getRuntime().availableProcessors());
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }
}
