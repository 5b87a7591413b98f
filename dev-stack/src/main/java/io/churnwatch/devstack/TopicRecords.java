package io.churnwatch.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the shared test broker ({@link DevStack#shared()}) from the beginning, for the services' tests. */
public final class TopicRecords {

    private TopicRecords() {}

    /**
     * The records that pass {@code filter}, read until at least {@code expected} of them arrived and every
     * partition was read to the end it had when reading began, or until {@code within} passed.
     */
    public static List<ConsumerRecord<String, byte[]>> read(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter, int expected, Duration within) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DevStack.shared().kafka().bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + within.toNanos();
            boolean caughtUp = false;
            while (System.nanoTime() < deadline && (found.size() < expected || !caughtUp)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                }
                caughtUp = partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            }
            return found;
        }
    }

    /** Whether a record's key belongs to the tenant ({@code tenant:customerId}). */
    public static Predicate<ConsumerRecord<String, byte[]>> ofTenant(String tenant) {
        return record -> record.key() != null && record.key().startsWith(tenant + ":");
    }

    /** A header's last value as UTF-8 text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
