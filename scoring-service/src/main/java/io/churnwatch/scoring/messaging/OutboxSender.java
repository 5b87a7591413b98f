package io.churnwatch.scoring.messaging;

import io.churnwatch.events.SchemaVersion;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.OutboxEntity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends outbox rows to Kafka with acks=all and the idempotent producer, with the contract's headers. */
@ApplicationScoped
public class OutboxSender {

    private final KafkaProducer<String, byte[]> producer;

    public OutboxSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "scoring-outbox"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the rows; completes with the ids Kafka acknowledged (failed ones stay unsent and are retried). */
    public CompletableFuture<List<Long>> send(List<OutboxEntity> rows, Duration timeout) {
        List<CompletableFuture<Long>> acks = new ArrayList<>(rows.size());
        for (OutboxEntity row : rows) {
            CompletableFuture<Long> ack = new CompletableFuture<>();
            try {
                producer.send(record(row), (metadata, error) -> ack.complete(error == null ? row.id : null));
            } catch (RuntimeException e) {
                ack.complete(null);
            }
            acks.add(ack);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> acks.stream().filter(a -> a.isDone() && !a.isCompletedExceptionally())
                        .map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList());
    }

    private static ProducerRecord<String, byte[]> record(OutboxEntity row) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic, row.recordKey, row.payload);
        record.headers().add(Topics.SCHEMA_VERSION_HEADER, SchemaVersion.CURRENT_HEADER_VALUE);
        if (row.tenantId != null) {
            record.headers().add(Topics.TENANT_HEADER, row.tenantId.getBytes(StandardCharsets.UTF_8));
        }
        if (row.dlqReason != null) {
            record.headers().add(Topics.DLQ_REASON_HEADER, row.dlqReason.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
