package io.churnwatch.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.events.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DevStackTest {

    private final DevStack stack = DevStack.shared();

    @Test
    void topicsExistWithTheConfiguredPartitionCount() throws Exception {
        try (var admin = stack.kafka().admin()) {
            var description = admin.describeTopics(List.of(Topics.EVENTS))
                    .allTopicNames()
                    .get()
                    .get(Topics.EVENTS);
            assertThat(description.partitions()).hasSize(DevStack.DEFAULT_PARTITIONS);
            assertThat(admin.listTopics().names().get()).containsAll(DevStack.TOPICS);
        }
    }

    @Test
    void recordsSurviveABrokerRestartOnTheSamePort() {
        String topic = "restart-" + UUID.randomUUID();
        stack.kafka().createTopics(List.of(topic), 1);
        send(topic, "before");
        stack.kafka().stop();
        assertThat(stack.kafka().isRunning()).isFalse();
        stack.kafka().start();
        send(topic, "after");
        assertThat(readAll(topic, 2)).containsExactly("before", "after");
    }

    @Test
    void postgresAnswersOnItsJdbcUrl() throws Exception {
        try (Connection connection =
                        DriverManager.getConnection(stack.postgres().jdbcUrl(), EmbeddedPostgresDatabase.USER, "");
                ResultSet result = connection
                        .createStatement()
                        .executeQuery("SELECT current_database(), current_setting('server_version_num')::int")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(EmbeddedPostgresDatabase.DATABASE);
            assertThat(result.getInt(2)).isGreaterThanOrEqualTo(170000);
        }
    }

    private void send(String topic, String value) {
        try (var producer = new KafkaProducer<String, String>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafka().bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> readAll(String topic, int expected) {
        try (var consumer = new KafkaConsumer<String, String>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.kafka().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "devstack-test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }
}
