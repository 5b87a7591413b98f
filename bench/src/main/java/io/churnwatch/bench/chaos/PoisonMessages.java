package io.churnwatch.bench.chaos;

import io.churnwatch.events.ContractJson;
import io.churnwatch.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records no scoring service can use, written straight onto {@code churnwatch.events.v1} with a plain producer:
 * not JSON, cut-off JSON, an event without tenant or customer, an empty value, and a well-formed event under a
 * schema version this reader does not know; and {@link StoragePoison}'s well-formed events PostgreSQL cannot hold,
 * written here or accepted by ingest. Each has a key of its own, so the dead-letter topic can be matched against
 * them exactly (key and value; by key and messageId for those ingest wrote).
 */
final class PoisonMessages {

    /** One expected dead letter: a record written here ({@code value}), or one ingest wrote ({@code value} null). */
    record Poison(String key, String kind, byte[] value, Map<String, String> headers, String messageId) {

        static Poison written(String key, String kind, byte[] value, String schemaVersion) {
            return new Poison(key, kind, value, Map.of(Topics.SCHEMA_VERSION_HEADER, schemaVersion), null);
        }
    }

    private final String bootstrapServers;
    private final String tenant;
    private final Map<String, Poison> injected = new LinkedHashMap<>();
    private int rounds;

    PoisonMessages(String bootstrapServers, String tenant) {
        this.bootstrapServers = bootstrapServers;
        this.tenant = tenant;
    }

    /** Writes one record of each kind (acks=all) and remembers them. */
    synchronized List<Poison> injectRound() throws Exception {
        int round = ++rounds;
        String prefix = "chaos-poison-" + round + "-";
        String futureEvent =
                "{\"messageId\":\"" + prefix + "v2\",\"tenant\":\"" + tenant + "\",\"customerId\":\"" + prefix
                        + "customer\",\"type\":\"complaint\",\"timestamp\":\"" + Instant.now() + "\",\"receivedAt\":\""
                        + Instant.now()
                        + "\",\"source\":\"api\"}";
        return write(List.of(
                Poison.written(prefix + "not-json", "not JSON", bytes("this is not JSON " + round), "1"),
                Poison.written(
                        prefix + "cut-off",
                        "cut-off JSON",
                        bytes("{\"messageId\":\"" + prefix + "cut\",\"tenant\":\"" + tenant + "\",\"cust"),
                        "1"),
                Poison.written(
                        prefix + "no-customer",
                        "no tenant or customer",
                        bytes("{\"messageId\":\"" + prefix + "nc\",\"type\":\"usage\"}"),
                        "1"),
                Poison.written(prefix + "empty", "empty value", new byte[0], "1"),
                Poison.written(prefix + "schema-v2", "schema version 2", bytes(futureEvent), "2")));
    }

    /** Writes the records (acks=all) with their headers and remembers them. */
    synchronized List<Poison> write(List<Poison> poisons) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (Poison poison : poisons) {
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(Topics.EVENTS, poison.key(), poison.value());
                poison.headers().forEach((name, value) -> record.headers().add(new RecordHeader(name, bytes(value))));
                producer.send(record).get(90, TimeUnit.SECONDS);
                injected.put(poison.key(), poison);
            }
        }
        return poisons;
    }

    /** Expects a dead letter for an event ingest accepted and wrote itself: matched by key and messageId. */
    synchronized void expectWrittenByIngest(String key, String kind, String messageId) {
        injected.put(key, new Poison(key, kind, null, Map.of(), messageId));
    }

    synchronized Map<String, Poison> injected() {
        return Map.copyOf(injected);
    }

    /** A record read back from a dead-letter topic. */
    record DeadLetter(String key, byte[] value, String reason) {}

    /** Every record of {@code topic}, from the beginning to the current end. */
    static List<DeadLetter> readAll(String bootstrapServers, String topic, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    var reason = record.headers().lastHeader(Topics.DLQ_REASON_HEADER);
                    letters.add(new DeadLetter(
                            record.key(),
                            record.value(),
                            reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return letters;
    }

    /** Whether a dead letter is exactly the injected record with its key (or, for ingest's, carries its messageId). */
    boolean matches(DeadLetter letter) {
        Poison poison = injected().get(letter.key());
        byte[] value = letter.value() == null ? new byte[0] : letter.value();
        if (poison == null || poison.value() == null) {
            return poison != null && poison.messageId().equals(messageId(value));
        }
        return Arrays.equals(poison.value(), value);
    }

    private static String messageId(byte[] value) {
        try {
            return ContractJson.mapper().readTree(value).path("messageId").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
