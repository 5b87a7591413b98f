package io.churnwatch.bench;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a burst of risk changes straight to the topic and measures how fast alert-service opens their episodes
 * (which queues their notifications in the same transaction; read from its episodes-opened counter) and how fast
 * the alerts reach the webhook.
 */
final class NotificationBurst {

    private static final Pattern OPENED =
            Pattern.compile("^churnwatch_alert_episodes_opened_total\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE);

    /** Episodes opened per second and alerts delivered per second, each from the first risk change produced. */
    record Result(double openedPerSecond, double alertsPerSecond) {}

    private NotificationBurst() {}

    static Result run(String bootstrapServers, String tenant, int count, WebhookReceiver webhook, URI alertManagement)
            throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long before = webhook.alerts();
        double openedBefore = opened(client, alertManagement, tenant);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                RiskChange change = new RiskChange(
                        UUID.randomUUID().toString(),
                        tenant,
                        "burst-" + i,
                        55,
                        82,
                        RiskLevel.MEDIUM,
                        RiskLevel.HIGH,
                        List.of(new RiskFactor("complaint", "3 complaints this week: +45", 45, 30)),
                        new BigDecimal("500"),
                        400,
                        0.4,
                        70,
                        List.of("outreach"),
                        "smb",
                        null,
                        false,
                        Instant.now());
                producer.send(new ProducerRecord<>(Topics.RISK_CHANGES, change.key(), ContractSerde.toJson(change)));
            }
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        long last = before;
        long lastProgress = System.nanoTime();
        long allOpened = 0;
        while (webhook.alerts() - before < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            if (allOpened == 0 && opened(client, alertManagement, tenant) - openedBefore >= count) {
                allOpened = System.nanoTime();
            }
            if (webhook.alerts() != last) {
                last = webhook.alerts();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 60_000_000_000L) {
                break;
            }
        }
        if (allOpened == 0 && opened(client, alertManagement, tenant) - openedBefore >= count) {
            allOpened = System.nanoTime();
        }
        return new Result(
                allOpened == 0 ? Double.NaN : count / ((allOpened - started) / 1e9),
                (webhook.alerts() - before) / ((lastProgress - started) / 1e9));
    }

    /** The tenant's episodes opened so far, summed over levels, from alert-service's metrics on its management port. */
    private static double opened(HttpClient client, URI alertManagement, String tenant) throws Exception {
        String metrics = client.send(
                        HttpRequest.newBuilder(alertManagement.resolve("/q/metrics"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        Matcher line = OPENED.matcher(metrics);
        while (line.find()) {
            if (line.group(1).contains("tenant=\"" + tenant + "\"")) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }
}
