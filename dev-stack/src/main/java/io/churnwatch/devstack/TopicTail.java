package io.churnwatch.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a topic of the local run from the beginning: partition, offset, key, headers and value.
 * Usage: {@code java -jar dev-stack/target/dev-stack.jar tail [TOPIC] [--follow]}.
 */
final class TopicTail {

    private TopicTail() {}

    static void run(String bootstrapServers, String topic, boolean follow) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (follow || partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.printf(
                            "%s-%d@%d key=%s headers=%s%n  %s%n",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            record.key(),
                            headers(record),
                            record.value());
                }
            }
        }
    }

    private static String headers(ConsumerRecord<String, String> record) {
        StringBuilder text = new StringBuilder("{");
        for (Header header : record.headers()) {
            text.append(text.length() > 1 ? ", " : "")
                    .append(header.key())
                    .append('=')
                    .append(new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.append('}').toString();
    }
}
