package io.churnwatch.common.messaging;

import io.churnwatch.events.SchemaVersion;
import io.churnwatch.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer of transactional-outbox relays: acks=all and the idempotent producer, bounded waits, and an
 * answer saying which rows Kafka acknowledged, so the relay marks only those sent and retries the rest.
 */
public final class OutboxProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public OutboxProducer(String bootstrapServers, String clientId) {
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        8000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        5000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        3000,
                        ProducerConfig.LINGER_MS_CONFIG,
                        5,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        clientId),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** A record with the contract's schema-version header and, when known, the tenant header. */
    public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value, String tenant) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(Topics.SCHEMA_VERSION_HEADER, SchemaVersion.CURRENT_HEADER_VALUE);
        if (tenant != null) {
            record.headers().add(Topics.TENANT_HEADER, tenant.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Sends one record per row; completes within {@code timeout} with the rows Kafka acknowledged. */
    public <R> CompletableFuture<List<R>> send(
            List<R> rows, Function<R, ProducerRecord<String, byte[]>> toRecord, Duration timeout) {
        List<CompletableFuture<R>> acks = new ArrayList<>(rows.size());
        for (R row : rows) {
            CompletableFuture<R> ack = new CompletableFuture<>();
            try {
                producer.send(toRecord.apply(row), (metadata, error) -> ack.complete(error == null ? row : null));
            } catch (RuntimeException e) {
                ack.complete(null);
            }
            acks.add(ack);
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> acks.stream()
                        .filter(a -> a.isDone() && !a.isCompletedExceptionally())
                        .map(CompletableFuture::join)
                        .filter(Objects::nonNull)
                        .toList());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
