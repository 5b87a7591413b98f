package io.churnwatch.scoring.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.messaging.ConsumedRecords;
import io.churnwatch.scoring.state.ConsumedRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Builds contract events and writes them (or raw bytes) to the real test broker. */
public final class Events {

    private static KafkaProducer<String, byte[]> producer;

    private Events() {}

    public static InteractionEvent event(String tenant, String customer, String type, Instant at) {
        return new InteractionEvent(
                UUID.randomUUID().toString(),
                true,
                tenant,
                customer,
                type,
                at,
                at,
                JsonNodeFactory.instance.objectNode(),
                null,
                "api");
    }

    public static InteractionEvent withTraits(InteractionEvent e, CustomerTraits traits) {
        return new InteractionEvent(
                e.messageId(),
                true,
                e.tenant(),
                e.customerId(),
                e.type(),
                e.timestamp(),
                e.receivedAt(),
                e.properties(),
                traits,
                e.source());
    }

    public static void send(List<InteractionEvent> events) {
        events.forEach(e -> sendRaw(e.key(), ContractSerde.toJson(e)));
    }

    /** Writes all events without waiting for each, then waits until the broker acknowledged every one. */
    public static void sendAll(List<InteractionEvent> events) {
        List<java.util.concurrent.Future<?>> sent = events.stream()
                .<java.util.concurrent.Future<?>>map(
                        e -> producer().send(new ProducerRecord<>(Topics.EVENTS, e.key(), ContractSerde.toJson(e))))
                .toList();
        try {
            for (java.util.concurrent.Future<?> ack : sent) {
                ack.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void sendRaw(String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(Topics.EVENTS, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records as the consumer hands a batch to scoring, on a partition the broker does not have (so the live consumer's
     * offsets are untouched).
     */
    public static List<ConsumedRecord<InteractionEvent>> records(int fakePartition, List<InteractionEvent> events) {
        return ConsumedRecords.read(
                java.util.stream.IntStream.range(0, events.size())
                        .mapToObj(i -> new ConsumerRecord<>(
                                Topics.EVENTS,
                                fakePartition,
                                i,
                                events.get(i).key(),
                                ContractSerde.toJson(events.get(i))))
                        .toList(),
                InteractionEvent.class);
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            DevStack.shared().kafka().bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all"),
                    new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }
}
