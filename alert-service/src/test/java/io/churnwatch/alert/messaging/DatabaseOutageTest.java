package io.churnwatch.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for longer than any fixed retry budget while a risk change arrives: the change
 * waits for the database and becomes an episode; nothing goes to the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class DatabaseOutageTest {

    @AfterEach
    void databaseIsBack() {
        DevStack.shared().postgres().start();
    }

    @Test
    void aRiskChangeDuringADatabaseOutageBecomesAnEpisodeAfterwardsAndIsNotDeadLettered() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        long deadLettersBefore = deadLetters(tenant.id());

        DevStack.shared().postgres().stop();
        RiskChanges.send(RiskChanges.change(tenant.id(), "acme", 40, 82, RiskLevel.MEDIUM, RiskLevel.HIGH));
        Thread.sleep(Duration.ofSeconds(10).toMillis());
        DevStack.shared().postgres().start();

        await().atMost(Duration.ofSeconds(60)).until(() ->
                Db.count("SELECT count(*) FROM alert.episodes WHERE tenant = ? AND customer_id = 'acme'", tenant.id()) == 1);
        assertThat(deadLetters(tenant.id())).isEqualTo(deadLettersBefore);
    }

    private static long deadLetters(String tenant) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, DevStack.shared().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-test-" + UUID.randomUUID()), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RISK_CHANGES_DLQ).stream()
                    .map(p -> new TopicPartition(Topics.RISK_CHANGES_DLQ, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long count = 0;
            long end = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < end) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && record.key().startsWith(tenant + ":")) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

}
