package io.churnwatch.alert.support;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code churnwatch.risk-changes.dlq} of the real test broker from the beginning to its current end. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /** The dead letters of one tenant (by key prefix), in partition order. */
    public static List<ConsumerRecord<String, byte[]>> ofTenant(String tenant) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RISK_CHANGES_DLQ).stream()
                    .map(info -> new TopicPartition(Topics.RISK_CHANGES_DLQ, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && !partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.key().startsWith(tenant + ":")) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    public static String reason(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(Topics.DLQ_REASON_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
