package io.churnwatch.bench.chaos;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Which service instance owns which partitions in a consumer group, told apart by the Kafka client ids: each instance
 * is started with its name and a dot as the connector's {@code client-id-prefix} ({@link #clientIdPrefix}).
 */
final class GroupOwners implements AutoCloseable {

    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    /** One wait for the partitions to settle on a set of instances: whether they did, when, and who owned what. */
    record Settled(String group, boolean done, Duration took, Map<String, Set<Integer>> owners) {

        String describe() {
            return (done ? "settled after " : "NOT settled within ") + took.toMillis() / 1000.0 + " s on " + owners;
        }
    }

    private final Admin admin;

    GroupOwners(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    }

    /**
     * Waits until every partition of {@code topic} is owned by one of {@code owners} and each of them owns some,
     * and no other instance owns any.
     */
    Settled await(String group, String topic, Collection<String> owners, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        Map<String, Set<Integer>> seen = Map.of();
        while (System.nanoTime() - start < timeout.toNanos()) {
            try {
                seen = owners(group, topic);
                int partitions = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .size();
                long owned = seen.values().stream().mapToLong(Set::size).sum();
                if (seen.keySet().equals(new TreeSet<>(owners)) && owned == partitions) {
                    return new Settled(group, true, Duration.ofNanos(System.nanoTime() - start), seen);
                }
            } catch (Exception e) {
                seen = Map.of("(no answer: " + e.getMessage() + ")", Set.of());
            }
            Thread.sleep(LOOK_EVERY.toMillis());
        }
        return new Settled(group, false, Duration.ofNanos(System.nanoTime() - start), seen);
    }

    /** The client-id prefix that makes an instance's consumers known as its own. */
    static String clientIdPrefix(String instance) {
        return instance + ".";
    }

    /** Partitions of {@code topic} by owning instance (the client id up to the first dot). */
    Map<String, Set<Integer>> owners(String group, String topic) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(group);
        Map<String, Set<Integer>> owners = new TreeMap<>();
        for (MemberDescription member : description.members()) {
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                if (partition.topic().equals(topic)) {
                    owners.computeIfAbsent(instance(member.clientId()), k -> new TreeSet<>())
                            .add(partition.partition());
                }
            }
        }
        return owners;
    }

    private static String instance(String clientId) {
        int dot = clientId.indexOf('.');
        return dot < 0 ? clientId : clientId.substring(0, dot);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
