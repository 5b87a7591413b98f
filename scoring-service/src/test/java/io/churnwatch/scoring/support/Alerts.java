package io.churnwatch.scoring.support;

import io.churnwatch.common.messaging.OutboxProducer;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.AlertEvent;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes {@link AlertEvent}s to the real test broker's {@code churnwatch.alerts.v1} as alert-service's relay does
 * (its {@code AlertEventSender}: the same {@link OutboxProducer}, key, headers and JSON).
 */
public final class Alerts {

    private static OutboxProducer producer;

    private Alerts() {}

    public static AlertEvent resolved(String tenant, String customer, String outcome, String reason, Instant at) {
        return new AlertEvent(
                UUID.randomUUID().toString(),
                tenant,
                customer,
                "churn_risk",
                "resolved",
                RiskLevel.HIGH,
                outcome,
                reason,
                at);
    }

    public static AlertEvent wonBack(String tenant, String customer, Instant at) {
        return new AlertEvent(
                UUID.randomUUID().toString(),
                tenant,
                customer,
                "churn_risk",
                "won_back",
                RiskLevel.HIGH,
                "churned",
                "price",
                at);
    }

    public static void send(AlertEvent... events) {
        for (AlertEvent event : events) {
            sendRaw(
                    event.tenant(),
                    Topics.customerKey(event.tenant(), event.customerId()),
                    ContractSerde.toJson(event));
        }
    }

    public static void sendRaw(String tenant, String key, byte[] value) {
        ProducerRecord<String, byte[]> record = OutboxProducer.record(Topics.ALERTS, key, value, tenant);
        try {
            List<ProducerRecord<String, byte[]>> acked = producer()
                    .send(List.of(record), r -> r, Duration.ofSeconds(10))
                    .get(15, TimeUnit.SECONDS);
            if (acked.size() != 1) {
                throw new IllegalStateException("the broker did not acknowledge the alert event");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized OutboxProducer producer() {
        if (producer == null) {
            producer = new OutboxProducer(DevStack.shared().kafka().bootstrapServers(), "test-alert-events");
        }
        return producer;
    }
}
