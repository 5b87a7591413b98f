package io.churnwatch.devstack;

import io.churnwatch.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Kafka broker and a PostgreSQL server together, with ChurnWatch's topics created. */
public final class DevStack implements AutoCloseable {

    /** Every topic ChurnWatch uses. */
    public static final List<String> TOPICS = Topics.ALL;

    public static final int DEFAULT_PARTITIONS = 6;

    private static DevStack shared;

    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresDatabase postgres;
    private final int partitions;

    public DevStack(Path dataDir, int kafkaPort, int controllerPort, int postgresPort, int partitions) {
        this.kafka = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), kafkaPort, controllerPort);
        this.postgres = new EmbeddedPostgresDatabase(dataDir.resolve("postgres"), postgresPort);
        this.partitions = partitions;
    }

    /**
     * The stack shared by every test in this JVM: started on first use on free ports in a temporary
     * directory, stopped when the JVM exits.
     */
    public static synchronized DevStack shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("churnwatch-test-");
                int partitions = Integer.getInteger("churnwatch.topics.partitions", DEFAULT_PARTITIONS);
                DevStack stack = new DevStack(dir, FreePorts.next(), FreePorts.next(), FreePorts.next(), partitions);
                stack.start();
                Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "dev-stack-shutdown"));
                shared = stack;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public DevStack start() {
        postgres.start();
        kafka.start();
        kafka.createTopics(TOPICS, partitions);
        return this;
    }

    @Override
    public void close() {
        kafka.stop();
        postgres.stop();
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public EmbeddedPostgresDatabase postgres() {
        return postgres;
    }

    public int partitions() {
        return partitions;
    }

    /** The configuration every service needs to reach this stack, as Quarkus properties. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.reactive.url", postgres.reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", EmbeddedPostgresDatabase.USER);
        config.put("quarkus.datasource.password", "");
        config.put("churnwatch.topics.partitions", Integer.toString(partitions));
        return config;
    }
}
