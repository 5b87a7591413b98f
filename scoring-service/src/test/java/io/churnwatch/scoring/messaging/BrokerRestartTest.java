package io.churnwatch.scoring.messaging;

import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.devstack.EmbeddedPostgresDatabase;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Regression (bench/chaos): a broker restart while batches waited in the consumer's queue stopped consumption for
 * good. The throttled commit strategy asked the broker for the committed offset of a partition the first time one
 * of its records passed by, timed out after {@code default.api.timeout.ms} while the broker was away and failed the
 * channel. The state's offsets live in PostgreSQL, so nothing on the way to a batch may depend on the broker.
 *
 * <p>A profile of its own gives a fresh consumer, so the second partition has not been seen since its assignment.
 */
@QuarkusTest
@TestProfile(BrokerRestartTest.FreshConsumer.class)
@WithTestResource(DevStackTestResource.class)
class BrokerRestartTest {

    public static class FreshConsumer implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("churnwatch.scoring.gap-scan.every", "off");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KafkaClientService kafkaClients;

    @Test
    void recordsFirstSeenWhileTheBrokerIsAwayAreAppliedAndConsumptionGoesOnAfterItsRestart() throws Exception {
        String tenant = TestTenants.create().id();
        String held = customerOn(tenant, 0, -1);
        int heldPartition = partition(tenant, held);
        String other = customerOn(tenant, 0, heldPartition);
        Instant now = Instant.now();
        Events.send(List.of(Events.event(tenant, held, "usage", now)));
        await().atMost(WAIT).until(() -> applied(tenant, held) == 1);

        try (Connection lock = DriverManager.getConnection(
                DevStack.shared().postgres().jdbcUrl(), EmbeddedPostgresDatabase.USER, "")) {
            lock.setAutoCommit(false);
            try (PreparedStatement rowLock = lock.prepareStatement(
                    "SELECT 1 FROM scoring.customers WHERE tenant_id = ? AND customer_id = ? FOR UPDATE")) {
                rowLock.setString(1, tenant);
                rowLock.setString(2, held);
                rowLock.executeQuery().close();
            }
            // The next batch of the held customer waits for the row lock; the other customer's record queues behind it.
            Events.send(List.of(Events.event(tenant, held, "login", now)));
            await().atMost(WAIT)
                    .until(() -> Db.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'") > 0);
            Events.send(List.of(Events.event(tenant, other, "usage", now)));
            TopicPartition otherPartition = new TopicPartition(Topics.EVENTS, partition(tenant, other));
            await().atMost(WAIT).until(() -> fetched(otherPartition));

            DevStack.shared().kafka().stop();
            lock.rollback();
        }
        try {
            await().atMost(WAIT).until(() -> applied(tenant, held) == 2 && applied(tenant, other) == 1);
        } finally {
            DevStack.shared().kafka().start();
        }
        Events.send(List.of(Events.event(tenant, held, "like", Instant.now())));
        await().atMost(WAIT).until(() -> applied(tenant, held) == 3);
    }

    private static long applied(String tenant, String customer) {
        return Db.count(
                "SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ? AND customer_id = ?",
                tenant,
                customer);
    }

    /** Whether the live consumer that owns the partition (the channel runs as several) has fetched everything on it. */
    private boolean fetched(TopicPartition partition) {
        for (String channel : kafkaClients.getConsumerChannels()) {
            if (!channel.startsWith(EventConsumer.CHANNEL)) {
                continue;
            }
            for (var consumer : kafkaClients.<String, byte[]>getConsumers(channel)) {
                Boolean done = consumer.runOnPollingThread(c -> c.assignment().contains(partition)
                                ? c.position(partition)
                                        >= c.endOffsets(List.of(partition)).get(partition)
                                : null)
                        .await()
                        .atMost(Duration.ofSeconds(10));
                if (done != null) {
                    return done;
                }
            }
        }
        return false;
    }

    /** A customer id whose records land on another partition than {@code avoid} (Kafka's default partitioner). */
    private static String customerOn(String tenant, int from, int avoid) {
        return IntStream.iterate(from, i -> i + 1)
                .mapToObj(i -> "c-" + i)
                .filter(id -> partition(tenant, id) != avoid)
                .findFirst()
                .orElseThrow();
    }

    private static int partition(String tenant, String customer) {
        byte[] key = Topics.customerKey(tenant, customer).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % DevStack.shared().partitions();
    }
}
