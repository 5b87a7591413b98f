package io.churnwatch.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The local run: a real Kafka broker and PostgreSQL in this process, the three services as separate
 * processes. Ctrl-C stops the services first, then the broker and the database.
 *
 * <p>Usage, from the project root: {@code ./run-local [--data-dir DIR]}; or
 * {@code ./run-local tail [TOPIC] [--follow]} to print a topic of the running local stack.
 */
public final class LocalRun {

    /** Ports of the local run; tests use free ports instead. */
    static final int KAFKA_PORT = 19092;

    static final int CONTROLLER_PORT = 19093;
    static final int POSTGRES_PORT = 15432;

    /** A service's API port and its management port (health, metrics), as in its application.properties. */
    private record Service(String name, int port, int managementPort) {}

    private static final List<Service> SERVICES = List.of(
            new Service("ingest-service", 8080, 9080),
            new Service("scoring-service", 8081, 9081),
            new Service("alert-service", 8082, 9082));

    private final Path projectDir;
    private final Path dataDir;
    private final List<Process> processes = new ArrayList<>();

    private LocalRun(Path projectDir, Path dataDir) {
        this.projectDir = projectDir;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "tail".equals(args[0])) {
            String topic = args.length > 1 && !args[1].startsWith("--") ? args[1] : io.churnwatch.events.Topics.EVENTS;
            TopicTail.run("127.0.0.1:" + KAFKA_PORT, topic, List.of(args).contains("--follow"));
            return;
        }
        Path projectDir = Path.of("").toAbsolutePath();
        Path dataDir = projectDir.resolve(".churnwatch");
        for (int i = 0; i < args.length; i++) {
            if ("--data-dir".equals(args[i]) && i + 1 < args.length) {
                dataDir = Path.of(args[++i]).toAbsolutePath();
            }
        }
        new LocalRun(projectDir, dataDir).run();
    }

    private void run() throws InterruptedException {
        System.out.println("ChurnWatch local run; data in " + dataDir + " (delete it to start afresh)");
        DevStack stack = new DevStack(dataDir, KAFKA_PORT, CONTROLLER_PORT, POSTGRES_PORT, DevStack.DEFAULT_PARTITIONS);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping services…");
                            stopServices();
                            System.out.println("Stopping Kafka and PostgreSQL…");
                            stack.close();
                            System.out.println("Stopped.");
                            stopped.countDown();
                        },
                        "local-run-shutdown"));
        stack.start();
        System.out.println("Kafka       " + stack.kafka().bootstrapServers());
        System.out.println(
                "PostgreSQL  " + stack.postgres().jdbcUrl() + " (user " + EmbeddedPostgresDatabase.USER + ")");
        for (Service service : SERVICES) {
            processes.add(launch(service, stack.serviceConfig()));
        }
        for (Service service : SERVICES) {
            String state = awaitReady(service) ? "ready" : "NOT READY after 3 minutes, see its log";
            System.out.printf(
                    "%-16s http://localhost:%d  %s  (Swagger UI /q/swagger-ui; health and metrics on "
                            + "http://localhost:%d/q/health, /q/metrics; log %s)%n",
                    service.name(), service.port(), state, service.managementPort(), logFile(service));
        }
        System.out.println("Demo tenant API key: " + DemoTenant.API_KEY + "   Admin token: " + DemoTenant.ADMIN_TOKEN);
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    private Process launch(Service service, Map<String, String> stackConfig) {
        Path jar = projectDir.resolve(service.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw install -DskipTests");
        }
        List<String> command = new ArrayList<>(List.of(
                javaBinary(),
                "-Xmx512m",
                "-Dquarkus.profile=dev",
                "-Dquarkus.http.port=" + service.port(),
                "-Dquarkus.management.port=" + service.managementPort()));
        stackConfig.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dchurnwatch.admin.token=" + DemoTenant.ADMIN_TOKEN);
        command.add("-Dchurnwatch.bootstrap.tenant=" + DemoTenant.TENANT);
        command.add("-Dchurnwatch.bootstrap.api-key=" + DemoTenant.API_KEY);
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logFile(service).getParent());
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile(service).toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.name(), e);
        }
    }

    /** Waits until the service's readiness check answers 200. */
    private static boolean awaitReady(Service service) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.managementPort() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void stopServices() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private Path logFile(Service service) {
        return dataDir.resolve("logs").resolve(service.name() + ".log");
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
