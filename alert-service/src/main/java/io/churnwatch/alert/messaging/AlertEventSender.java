package io.churnwatch.alert.messaging;

import io.churnwatch.alert.persistence.EventOutboxEntry;
import io.churnwatch.events.SchemaVersion;
import io.churnwatch.events.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends AlertEvent outbox rows to {@code churnwatch.alerts.v1} with acks=all and the idempotent producer. */
@ApplicationScoped
public class AlertEventSender {

    private final KafkaProducer<String, String> producer;

    public AlertEventSender(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "alert-events"), new StringSerializer(), new StringSerializer());
    }

    /** Sends the rows; completes with the ids Kafka acknowledged (the others stay unsent and are retried). */
    public CompletableFuture<List<Long>> send(List<EventOutboxEntry> rows, Duration timeout) {
        List<CompletableFuture<Long>> acks = new ArrayList<>(rows.size());
        for (EventOutboxEntry row : rows) {
            CompletableFuture<Long> ack = new CompletableFuture<>();
            try {
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ALERTS, row.recordKey, row.payload);
                record.headers().add(Topics.SCHEMA_VERSION_HEADER, SchemaVersion.CURRENT_HEADER_VALUE);
                record.headers().add(Topics.TENANT_HEADER, row.tenant.getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, error) -> ack.complete(error == null ? row.id : null));
            } catch (RuntimeException e) {
                ack.complete(null);
            }
            acks.add(ack);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> acks.stream().filter(a -> a.isDone() && !a.isCompletedExceptionally())
                        .map(CompletableFuture::join).filter(Objects::nonNull).toList());
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
