package io.churnwatch.alert.messaging;

import io.churnwatch.alert.persistence.EventOutboxEntry;
import io.churnwatch.common.messaging.OutboxProducer;
import io.churnwatch.events.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends AlertEvent outbox rows to {@code churnwatch.alerts.v1} with acks=all and the idempotent producer. */
@ApplicationScoped
public class AlertEventSender {

    private final OutboxProducer producer;

    public AlertEventSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new OutboxProducer(bootstrapServers, "alert-events");
    }

    /** Sends the rows; completes with the ids Kafka acknowledged (the others stay unsent and are retried). */
    public CompletableFuture<List<Long>> send(List<EventOutboxEntry> rows, Duration timeout) {
        return producer.send(
                        rows,
                        row -> OutboxProducer.record(
                                Topics.ALERTS, row.recordKey, row.payload.getBytes(StandardCharsets.UTF_8), row.tenant),
                        timeout)
                .thenApply(acked -> acked.stream().map(row -> row.id).toList());
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
