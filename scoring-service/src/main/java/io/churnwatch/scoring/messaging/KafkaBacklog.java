package io.churnwatch.scoring.messaging;

import io.churnwatch.events.Topics;
import io.churnwatch.scoring.metrics.TopicBacklog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Measures, without an exporter, how far the scoring consumer is behind and what lies in the dead-letter
 * topics: Kafka's end offsets against the offsets stored with the scoring state (the database, not Kafka's
 * committed offset, decides what was applied), and the age of the oldest record not yet applied, for the metrics'
 * gauges. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class KafkaBacklog implements TopicBacklog {

    /** The dead-letter topics whose record counts are reported. */
    public static final List<String> DLQ_TOPICS =
            List.of(Topics.EVENTS_DLQ, Topics.RISK_CHANGES_DLQ, Topics.ALERTS_DLQ);

    private static final long TIMEOUT_MS = 5_000;

    private final String bootstrapServers;
    private Admin admin;
    private KafkaConsumer<byte[], byte[]> probe;

    public KafkaBacklog(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public synchronized Snapshot measure(Map<Integer, Long> storedNextOffsets, Instant now) throws Exception {
        Admin client = admin();
        List<TopicPartition> partitions = client
                .describeTopics(List.of(Topics.EVENTS))
                .allTopicNames()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .get(Topics.EVENTS)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(Topics.EVENTS, p.partition()))
                .toList();
        Map<TopicPartition, Long> start = offsets(client, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(client, partitions, OffsetSpec.latest());
        Map<Integer, Long> lag = new HashMap<>();
        long oldest = Long.MAX_VALUE;
        for (TopicPartition tp : partitions) {
            long position = Math.max(storedNextOffsets.getOrDefault(tp.partition(), 0L), start.get(tp));
            long behind = Math.max(0, end.get(tp) - position);
            lag.put(tp.partition(), behind);
            if (behind > 0) {
                oldest = Math.min(oldest, timestampAt(tp, position));
            }
        }
        double lagSeconds = oldest == Long.MAX_VALUE ? 0 : Math.max(0, (now.toEpochMilli() - oldest) / 1000.0);
        return new Snapshot(lag, lagSeconds, dlqRecords(client));
    }

    private Map<String, Long> dlqRecords(Admin client) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        var described = client.describeTopics(DLQ_TOPICS).topicNameValues();
        for (String topic : DLQ_TOPICS) {
            List<TopicPartition> partitions;
            try {
                partitions = described.get(topic).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).partitions().stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .toList();
            } catch (java.util.concurrent.ExecutionException e) {
                continue; // topic not created yet
            }
            Map<TopicPartition, Long> start = offsets(client, partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = offsets(client, partitions, OffsetSpec.latest());
            counts.put(
                    topic,
                    partitions.stream()
                            .mapToLong(tp -> end.get(tp) - start.get(tp))
                            .sum());
        }
        return counts;
    }

    private static Map<TopicPartition, Long> offsets(Admin client, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return client
                .listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)))
                .all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The timestamp of the record at this offset, read by an assigned consumer without a group (nothing is committed). */
    private long timestampAt(TopicPartition tp, long offset) {
        KafkaConsumer<byte[], byte[]> consumer = probe();
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(TIMEOUT_MS / 5))) {
            return record.timestamp();
        }
        return Long.MAX_VALUE;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG,
                    "scoring-metrics",
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    (int) TIMEOUT_MS,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) TIMEOUT_MS));
        }
        return admin;
    }

    private KafkaConsumer<byte[], byte[]> probe() {
        if (probe == null) {
            probe = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers,
                            ConsumerConfig.CLIENT_ID_CONFIG,
                            "scoring-metrics-probe",
                            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                            false,
                            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                            1,
                            ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                            1 << 20,
                            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                            1 << 20,
                            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                            (int) TIMEOUT_MS),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        }
        return probe;
    }

    @PreDestroy
    synchronized void close() {
        if (probe != null) {
            probe.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
