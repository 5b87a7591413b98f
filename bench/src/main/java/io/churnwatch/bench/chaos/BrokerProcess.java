package io.churnwatch.bench.chaos;

import io.churnwatch.devstack.BrokerMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka broker as a child JVM (dev-stack's {@link BrokerMain}) on fixed ports and a fixed log directory, so
 * stopping it and starting it again is a broker restart: same address, same data.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final Path logDir;
    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private final int partitions;
    private Process process;
    private int starts;

    BrokerProcess(Path workDir, int port, int controllerPort, int partitions) {
        this.workDir = workDir;
        this.logDir = workDir.resolve("kafka");
        this.port = port;
        this.controllerPort = controllerPort;
        this.partitions = partitions;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the broker with this JVM's class path and waits for its ready line. */
    synchronized void start() throws IOException, InterruptedException {
        Path log = workDir.resolve("broker-" + ++starts + ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx768m",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp",
                System.getProperty("java.class.path"),
                BrokerMain.class.getName(),
                "--port",
                Integer.toString(port),
                "--controller-port",
                Integer.toString(controllerPort),
                "--log-dir",
                logDir.toString(),
                "--partitions",
                Integer.toString(partitions));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.readString(log).contains(BrokerMain.READY)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The broker exited with " + process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The broker was not ready after " + READY_TIMEOUT + "; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** Stops the broker: SIGTERM (a clean shutdown) or, with {@code kill}, SIGKILL. */
    synchronized void stop(boolean kill) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        try {
            stop(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
