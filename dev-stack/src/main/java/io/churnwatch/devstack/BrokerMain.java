package io.churnwatch.devstack;

import io.churnwatch.events.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded Kafka broker as a process of its own, for tests that stop and kill the broker (bench/chaos).
 * Formats the log directory on first use (a restart on the same directory keeps the data), creates ChurnWatch's
 * topics, prints {@value #READY} followed by the bootstrap address, and stops cleanly on SIGTERM.
 *
 * <p>Usage: {@code BrokerMain --port P --controller-port C --log-dir DIR [--partitions N]}.
 */
public final class BrokerMain {

    /** The line printed once the broker answers and the topics exist. */
    public static final String READY = "BROKER READY ";

    /** Kafka's loggers are kept here so their WARN level is not lost when the JVM collects unreferenced loggers. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private BrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = -1;
        int controllerPort = -1;
        Path logDir = null;
        int partitions = DevStack.DEFAULT_PARTITIONS;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--controller-port" -> controllerPort = Integer.parseInt(args[i + 1]);
                case "--log-dir" -> logDir = Path.of(args[i + 1]);
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (port < 0 || controllerPort < 0 || logDir == null) {
            throw new IllegalArgumentException(
                    "Usage: BrokerMain --port P --controller-port C --log-dir DIR [--partitions N]");
        }
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, port, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.stop();
                            System.out.println("BROKER STOPPED");
                            stopped.countDown();
                        },
                        "broker-shutdown"));
        broker.start();
        broker.createTopics(Topics.ALL, partitions);
        System.out.println(READY + broker.bootstrapServers());
        System.out.flush();
        stopped.await();
    }
}
