package io.churnwatch.ingest.messaging;

import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.SchemaVersion;
import io.churnwatch.events.Topics;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.intake.EventSink;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes events to {@link Topics#EVENTS} with {@code acks=all} and the idempotent producer. A write
 * counts as done only when Kafka acknowledged it; the producer's own delivery timeout bounds the
 * wait, so a record reported as failed has been given up by the producer and will not appear later.
 */
@ApplicationScoped
public class EventPublisher implements EventSink {

    private final KafkaProducer<String, byte[]> producer;

    public EventPublisher(
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, IngestConfig config) {
        IngestConfig.Producer settings = config.producer();
        Map<String, Object> props = Map.ofEntries(
                Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
                Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(settings.deliveryTimeout())),
                Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(settings.requestTimeout())),
                Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, (long) millis(settings.maxBlock())),
                Map.entry(ProducerConfig.LINGER_MS_CONFIG, millis(settings.linger())),
                Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, settings.batchSize()),
                Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, settings.bufferMemory()),
                Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression()));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public Uni<List<Boolean>> publish(List<Outgoing> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // send() may block up to max.block.ms while the broker is unreachable: keep it off the event loop.
        return Uni.createFrom()
                .completionStage(() -> sendAll(events))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private CompletableFuture<List<Boolean>> sendAll(List<Outgoing> events) {
        List<CompletableFuture<Boolean>> acks = new ArrayList<>(events.size());
        boolean blocked = false;
        for (Outgoing outgoing : events) {
            CompletableFuture<Boolean> ack = new CompletableFuture<>();
            acks.add(ack);
            if (blocked) {
                // The producer just waited max.block for metadata or buffer space and gave up: the broker is gone or
                // swamped. Each further send would wait as long again, so the rest of the request is not accepted now.
                ack.complete(false);
                continue;
            }
            try {
                producer.send(record(outgoing), (metadata, error) -> ack.complete(error == null));
            } catch (RuntimeException e) {
                ack.complete(false);
            }
            // send() reports a wait it gave up on (buffer full, no metadata) through the callback before it returns
            blocked = ack.isDone() && !ack.join();
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .thenApply(done -> acks.stream().map(CompletableFuture::join).toList());
    }

    private static ProducerRecord<String, byte[]> record(Outgoing outgoing) {
        InteractionEvent event = outgoing.event();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EVENTS, event.key(), outgoing.json());
        record.headers()
                .add(new RecordHeader(Topics.SCHEMA_VERSION_HEADER, SchemaVersion.CURRENT_HEADER_VALUE))
                .add(new RecordHeader(Topics.TENANT_HEADER, event.tenant().getBytes(StandardCharsets.UTF_8)))
                .add(new RecordHeader(Topics.TYPE_HEADER, event.type().getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(10));
    }

    private static int millis(Duration duration) {
        return (int) duration.toMillis();
    }
}
