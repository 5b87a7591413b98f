package io.churnwatch.bench;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.model.WarningEvaluation.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The risk changes of one tenant read back from Kafka, and the alerts they mean. */
public final class RiskChangeLog {

    private RiskChangeLog() {}

    /** Every risk change of {@code tenant} on {@code topic}, read from the beginning to the current end. */
    public static List<RiskChange> read(String bootstrapServers, String topic, String tenant, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000);
        List<RiskChange> changes = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    RiskChange change = ContractSerde.fromJson(record.value(), RiskChange.class);
                    if (tenant.equals(change.tenant())) {
                        changes.add(change);
                    }
                }
            }
        }
        return changes;
    }

    /**
     * The alerts: each customer's transitions from below high into high or critical, at their event
     * time. Changes are taken in event-time order per customer, so a re-alert after the level fell back
     * counts again (and costs precision if the customer stays).
     */
    public static List<Alert> alerts(List<RiskChange> changes) {
        List<RiskChange> ordered = new ArrayList<>(changes);
        ordered.sort(Comparator.comparing(RiskChange::customerId).thenComparing(RiskChange::eventTime));
        Map<String, RiskLevel> level = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (RiskChange change : ordered) {
            RiskLevel before = level.getOrDefault(change.customerId(), change.oldLevel());
            if (isAlerting(change.newLevel()) && !isAlerting(before)) {
                alerts.add(new Alert(change.customerId(), change.eventTime()));
            }
            level.put(change.customerId(), change.newLevel());
        }
        return alerts;
    }

    /** Alerts whose change names the usage gap as its top factor: raised by silence, mostly by the gap scan. */
    public static long gapAlerts(List<RiskChange> changes) {
        return changes.stream()
                .filter(c -> isAlerting(c.newLevel()) && !isAlerting(c.oldLevel()))
                .filter(c -> !c.topFactors().isEmpty()
                        && "usage_gap".equals(c.topFactors().get(0).key()))
                .count();
    }

    private static boolean isAlerting(RiskLevel level) {
        return level != null && level.isAtLeast(RiskLevel.HIGH);
    }
}
