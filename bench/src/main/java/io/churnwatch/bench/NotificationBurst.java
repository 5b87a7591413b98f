package io.churnwatch.bench;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces a burst of risk changes straight to the topic and measures how fast alerts reach the webhook. */
final class NotificationBurst {

    private NotificationBurst() {
    }

    /** Alerts delivered per second, from the first risk change produced to the last alert received. */
    static double run(String bootstrapServers, String tenant, int count, WebhookReceiver webhook) throws Exception {
        long before = webhook.alerts();
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                RiskChange change = new RiskChange(UUID.randomUUID().toString(), tenant, "burst-" + i, 55, 82, RiskLevel.MEDIUM, RiskLevel.HIGH,
                        List.of(new RiskFactor("complaint", "3 complaints this week: +45", 45, 30)), new BigDecimal("500"), 400, 0.4, 70,
                        List.of("outreach"), "smb", null, false, Instant.now());
                producer.send(new ProducerRecord<>(Topics.RISK_CHANGES, change.key(), ContractSerde.toJson(change)));
            }
        }
        long deadline = System.nanoTime() + 300_000_000_000L;
        long last = before;
        long lastProgress = System.nanoTime();
        while (webhook.alerts() - before < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            if (webhook.alerts() != last) {
                last = webhook.alerts();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 60_000_000_000L) {
                break;
            }
        }
        return (webhook.alerts() - before) / ((lastProgress - started) / 1e9);
    }
}
