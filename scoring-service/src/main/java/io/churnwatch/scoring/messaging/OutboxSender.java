package io.churnwatch.scoring.messaging;

import io.churnwatch.common.messaging.OutboxProducer;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.OutboxEntity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends outbox rows (risk changes and dead letters) to Kafka with acks=all and the idempotent producer, with the contract's headers. */
@ApplicationScoped
public class OutboxSender {

    private final OutboxProducer producer;

    public OutboxSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new OutboxProducer(bootstrapServers, "scoring-outbox");
    }

    /** Sends the rows; completes with the ids Kafka acknowledged (failed ones stay unsent and are retried). */
    public CompletableFuture<List<Long>> send(List<OutboxEntity> rows, Duration timeout) {
        return producer.send(rows, OutboxSender::record, timeout)
                .thenApply(acked -> acked.stream().map(row -> row.id).toList());
    }

    private static ProducerRecord<String, byte[]> record(OutboxEntity row) {
        ProducerRecord<String, byte[]> record =
                OutboxProducer.record(row.topic, row.recordKey, row.payload, row.tenantId);
        if (row.dlqReason != null) {
            record.headers().add(Topics.DLQ_REASON_HEADER, row.dlqReason.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
