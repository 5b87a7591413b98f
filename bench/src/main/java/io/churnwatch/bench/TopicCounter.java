package io.churnwatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic back and counts its records: all of them, those whose messageId carries the
 * run's prefix, distinct such ids (a BitSet over the numeric suffix), and the mean value size.
 */
public final class TopicCounter {

    public record Count(long records, long withPrefix, long distinctIds, double meanValueBytes, double seconds) {}

    private static final byte[] MESSAGE_ID = "\"messageId\":\"".getBytes(StandardCharsets.UTF_8);

    private TopicCounter() {}

    public static Count count(String bootstrapServers, String topic, String idPrefix, Duration timeout) {
        long started = System.nanoTime();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                16 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                4 * 1024 * 1024);
        byte[] prefix = (new String(MESSAGE_ID, StandardCharsets.UTF_8) + idPrefix).getBytes(StandardCharsets.UTF_8);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long records = 0;
            long withPrefix = 0;
            long valueBytes = 0;
            BitSet ids = new BitSet();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    byte[] value = record.value();
                    valueBytes += value.length;
                    long id = idAfter(value, prefix);
                    if (id >= 0) {
                        withPrefix++;
                        ids.set((int) id);
                    }
                }
            }
            return new Count(
                    records,
                    withPrefix,
                    ids.cardinality(),
                    records == 0 ? 0 : (double) valueBytes / records,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
            if (consumer.position(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The decimal number right after {@code prefix} in {@code value}, or -1. */
    static long idAfter(byte[] value, byte[] prefix) {
        outer:
        for (int i = 0; i <= value.length - prefix.length; i++) {
            for (int j = 0; j < prefix.length; j++) {
                if (value[i + j] != prefix[j]) {
                    continue outer;
                }
            }
            long id = 0;
            int k = i + prefix.length;
            if (k >= value.length || value[k] < '0' || value[k] > '9') {
                return -1;
            }
            while (k < value.length && value[k] >= '0' && value[k] <= '9') {
                id = id * 10 + (value[k++] - '0');
            }
            return id;
        }
        return -1;
    }
}
