package io.churnwatch.ingest.messaging;

import io.churnwatch.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates ChurnWatch's topics at start-up when they are missing, with the configured partition count. */
public class TopicInitializer {

    private static final Logger LOG = Logger.getLogger(TopicInitializer.class);

    void onStart(
            @Observes StartupEvent start,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "churnwatch.topics.create", defaultValue = "true") boolean create,
            @ConfigProperty(name = "churnwatch.topics.partitions", defaultValue = "6") int partitions,
            @ConfigProperty(name = "churnwatch.topics.replication-factor", defaultValue = "1")
                    short replicationFactor) {
        if (!create) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(name -> new NewTopic(name, partitions, replicationFactor))
                    .toList();
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(15, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s with %d partitions", result.getKey(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warnf(
                                "Could not create topic %s: %s",
                                result.getKey(), e.getCause().getMessage());
                    }
                }
            }
        } catch (Exception e) {
            LOG.warnf("Could not check topics at start-up (%s); readiness reports Kafka's state", e.getMessage());
        }
    }
}
