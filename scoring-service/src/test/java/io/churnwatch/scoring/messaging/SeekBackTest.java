package io.churnwatch.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.churnwatch.scoring.support.TopicReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The live consumer is sought back to the start of every partition, so Kafka redelivers everything
 * it has already delivered: counts, scores and published risk changes stay exactly as they were.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class SeekBackTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    MeterRegistry registry;

    @Test
    void seekingTheLiveConsumerBackChangesNothing() {
        String tenant = TestTenants.create().id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Events.send(List.of(
                Events.event(tenant, "acme", "complaint", now.minus(3, ChronoUnit.HOURS)),
                Events.event(tenant, "acme", "complaint", now.minus(2, ChronoUnit.HOURS)),
                Events.event(tenant, "acme", "downgrade", now.minus(1, ChronoUnit.HOURS)),
                Events.event(tenant, "globex", "usage", now.minus(1, ChronoUnit.HOURS))));
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant) == 4);
        await().atMost(WAIT)
                .until(() ->
                        Db.count("SELECT count(*) FROM scoring.outbox WHERE tenant_id = ? AND sent_at IS NULL", tenant)
                                == 0);
        Map<String, Object> before = state(tenant);
        int changesBefore = TopicReader.ofTenant(Topics.RISK_CHANGES, tenant).size();

        double redeliveredBefore = redelivered();
        // The channel runs as several consumers ("scoring-events$1", ...): each seeks back what it was assigned.
        int seekedBack = 0;
        for (String channel : kafkaClients.getConsumerChannels()) {
            if (channel.startsWith(EventConsumer.CHANNEL)) {
                for (var consumer : kafkaClients.<String, byte[]>getConsumers(channel)) {
                    Set<TopicPartition> assigned =
                            consumer.getAssignments().await().atMost(Duration.ofSeconds(10));
                    consumer.seekToBeginning(assigned).await().atMost(Duration.ofSeconds(10));
                    seekedBack += assigned.size();
                }
            }
        }
        assertThat(seekedBack)
                .as("partitions sought back")
                .isEqualTo(IntStreamOfPartitions.all().size());
        // A new event behind the redelivered ones: once it is applied, the whole topic has been read again.
        Events.send(List.of(Events.event(tenant, "initech", "usage", now)));
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant) == 5);

        assertThat(redelivered() - redeliveredBefore)
                .as("records Kafka delivered again and the service skipped")
                .isGreaterThanOrEqualTo(4);
        assertThat(Db.count(
                        "SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ? AND customer_id IN ('acme', 'globex')",
                        tenant))
                .isEqualTo(4);
        assertThat(state(tenant)).isEqualTo(before);
        assertThat(TopicReader.ofTenant(Topics.RISK_CHANGES, tenant).stream()
                        .filter(record -> !record.key().endsWith(":initech"))
                        .count())
                .isEqualTo(changesBefore);
    }

    private double redelivered() {
        return registry.get("churnwatch.scoring.records")
                .tag("outcome", "redelivered")
                .counter()
                .count();
    }

    private static Map<String, Object> state(String tenant) {
        return Db.query(
                        "SELECT customer_id, score, level, state FROM scoring.customers WHERE tenant_id = ? AND customer_id IN ('acme', 'globex')"
                                + " ORDER BY customer_id",
                        tenant)
                .stream()
                .collect(Collectors.toMap(
                        row -> (String) row.get("customer_id"),
                        row -> List.of(row.get("score"), row.get("level"), row.get("state"))));
    }

    /** Every partition of the events topic. */
    private static final class IntStreamOfPartitions {
        static Set<TopicPartition> all() {
            return java.util.stream.IntStream.range(0, DevStack.shared().partitions())
                    .mapToObj(partition -> new TopicPartition(Topics.EVENTS, partition))
                    .collect(Collectors.toSet());
        }
    }
}
