package io.churnwatch.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.FreePorts;
import io.churnwatch.events.ContractJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end latency across all three services: background load at a fixed rate of events per second,
 * and probe customers whose events make them critical at once. For each probe it measures the time from
 * its POST to its risk change on {@code churnwatch.risk-changes.v1} and to the alert's arrival at a
 * signed webhook on loopback; then how many notifications per second alert-service delivers from a burst
 * of risk changes.
 *
 * <p>The services start cold; a warm-up phase at the highest rate (default 60 s, {@code --warmup 0} to skip) runs
 * first and is reported on its own, since its tail is the JVMs' JIT warm-up and the first catch-up, not the
 * pipeline's steady-state latency. Each phase has its own probe customers.
 *
 * <p>Usage: {@code bench/e2e-bench [--rates 1000,5000] [--seconds 60] [--warmup 60] [--probes-per-second 4] [--notifications 2000]}.
 */
public final class EndToEndBenchmark {

    static final String ADMIN_TOKEN = "e2e-admin-token";
    static final String TENANT = "e2e";

    private EndToEndBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path projectDir = Path.of(options.getOrDefault("project-dir", ".")).toAbsolutePath();
        List<Integer> rates = List.of(options.getOrDefault("rates", "1000,5000").split(",")).stream()
                .map(Integer::parseInt)
                .toList();
        Duration phase = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "60")));
        double probesPerSecond = Double.parseDouble(options.getOrDefault("probes-per-second", "4"));
        int notifications = Integer.parseInt(options.getOrDefault("notifications", "2000"));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "60")));

        Path dir = Files.createTempDirectory("churnwatch-e2e-");
        DevStack stack =
                new DevStack(dir, FreePorts.next(), FreePorts.next(), FreePorts.next(), DevStack.DEFAULT_PARTITIONS);
        List<ServiceProcess> services = new ArrayList<>();
        try (WebhookReceiver webhook = WebhookReceiver.start()) {
            stack.start();
            services.add(start(
                    "ingest-service",
                    projectDir,
                    stack,
                    dir,
                    Map.of(
                            "churnwatch.admin.token",
                            ADMIN_TOKEN,
                            "churnwatch.ingest.rate-limit.events-per-second",
                            "100000000",
                            "churnwatch.ingest.rate-limit.burst",
                            "100000000")));
            services.add(start("scoring-service", projectDir, stack, dir, Map.of()));
            services.add(start(
                    "alert-service",
                    projectDir,
                    stack,
                    dir,
                    Map.of(
                            "churnwatch.alert.targets.allow-http",
                            "true",
                            "churnwatch.alert.targets.allow-private",
                            "true",
                            "churnwatch.alert.secrets.keys",
                            "bench:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=")));
            for (ServiceProcess service : services) {
                service.awaitReady(Duration.ofMinutes(3));
            }
            URI ingest = services.get(0).base();
            URI alert = services.get(2).base();
            String key =
                    IngestBenchmark.createTenantAndKey(ingest, ADMIN_TOKEN, TENANT, "[\"ingest\",\"read\",\"write\"]");
            routeHighRiskToWebhook(alert, key, webhook.url());
            say("stack, services and webhook ready (work dir %s)", dir);

            List<String> results = new ArrayList<>();
            try (RiskChangeWatcher changes =
                    RiskChangeWatcher.start(stack.kafka().bootstrapServers(), TENANT)) {
                if (!warmUp.isZero()) {
                    int rate = rates.stream().max(Integer::compare).orElseThrow();
                    say(
                            "== warm-up from cold start at %d events/s for %d s (reported, not part of the phases' figures)",
                            rate, warmUp.toSeconds());
                    EndToEndLoad.Result result = EndToEndLoad.run(
                            ingest,
                            key,
                            rate,
                            warmUp,
                            probesPerSecond,
                            changes,
                            webhook,
                            services,
                            stack.kafka().bootstrapServers(),
                            "warmup");
                    say("warm-up: %s", result.describe());
                    results.add("{\"warmUp\":" + result.json() + "}");
                }
                for (int i = 0; i < rates.size(); i++) {
                    int rate = rates.get(i);
                    say("== %d events/s for %d s", rate, phase.toSeconds());
                    EndToEndLoad.Result result = EndToEndLoad.run(
                            ingest,
                            key,
                            rate,
                            phase,
                            probesPerSecond,
                            changes,
                            webhook,
                            services,
                            stack.kafka().bootstrapServers(),
                            "p" + (i + 1) + "r" + rate);
                    say("%s", result.describe());
                    results.add(result.json());
                }
                NotificationBurst.Result burst = NotificationBurst.run(
                        stack.kafka().bootstrapServers(),
                        TENANT,
                        notifications,
                        webhook,
                        services.get(2).management());
                say(
                        "notifications: %d risk changes produced at once became episodes with queued notifications at %.0f/s, delivered at %.0f alerts/s "
                                + "(webhook requests folded into digests above %d a minute)",
                        notifications, burst.openedPerSecond(), burst.alertsPerSecond(), 600);
                results.add(String.format(
                        Locale.ROOT,
                        "{\"notifications\":%d,\"episodesOpenedPerSecond\":%.1f,\"notificationsPerSecond\":%.1f}",
                        notifications,
                        burst.openedPerSecond(),
                        burst.alertsPerSecond()));
            }
            System.out.println("[" + String.join(",", results) + "]");
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
            stack.close();
        }
    }

    private static ServiceProcess start(
            String name, Path projectDir, DevStack stack, Path dir, Map<String, String> extra) throws Exception {
        Map<String, String> config = new LinkedHashMap<>(stack.serviceConfig());
        config.putAll(extra);
        return ServiceProcess.start(
                name, projectDir, config, FreePorts.next(), "768m", List.of(), dir.resolve(name + ".log"));
    }

    /** A webhook channel, and a rule that sends every episode from HIGH up to it. */
    private static void routeHighRiskToWebhook(URI alert, String key, String url) throws Exception {
        JsonNode channel = post(
                alert.resolve("/v1/channels"),
                key,
                "{\"name\":\"bench webhook\",\"type\":\"WEBHOOK\",\"target\":\"" + url
                        + "\",\"secret\":\"bench-secret\"}");
        post(
                alert.resolve("/v1/routing-rules"),
                key,
                "{\"name\":\"high risk to the webhook\",\"minLevel\":\"HIGH\",\"channelIds\":[\""
                        + channel.get("id").asText() + "\"]}");
    }

    static JsonNode post(URI uri, String key, String json) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + key)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return ContractJson.mapper().readTree(answer.body());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
        System.out.flush();
    }
}
