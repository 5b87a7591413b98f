package io.churnwatch.bench;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows {@code churnwatch.risk-changes.v1} and notes when each customer of a tenant first reached HIGH or above. */
final class RiskChangeWatcher implements AutoCloseable {

    private final Map<String, Long> firstHighNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private RiskChangeWatcher(String bootstrapServers, String tenant) {
        this.thread = new Thread(() -> follow(bootstrapServers, tenant), "risk-change-watcher");
        thread.setDaemon(true);
    }

    static RiskChangeWatcher start(String bootstrapServers, String tenant) {
        RiskChangeWatcher watcher = new RiskChangeWatcher(bootstrapServers, tenant);
        watcher.thread.start();
        return watcher;
    }

    Long firstHigh(String customerId) {
        return firstHighNanos.get(customerId);
    }

    private void follow(String bootstrapServers, String tenant) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RISK_CHANGES).stream()
                    .map(info -> new TopicPartition(Topics.RISK_CHANGES, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    if (record.key() != null && record.key().startsWith(tenant + ":")) {
                        RiskChange change = ContractSerde.fromJson(record.value(), RiskChange.class);
                        if (change.newLevel().isAtLeast(RiskLevel.HIGH)) {
                            firstHighNanos.putIfAbsent(change.customerId(), now);
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
