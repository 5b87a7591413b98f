package io.churnwatch.contract;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.FreePorts;
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
import java.util.concurrent.TimeUnit;

/**
 * ingest-service and scoring-service as separate processes from their Quarkus fast-jars (as the local run starts them),
 * on the shared dev stack: a real Kafka broker in this JVM and an embedded PostgreSQL. Started once per test JVM.
 */
final class RunningServices {

    static final String ADMIN_TOKEN = "contract-test-admin-token";

    private static RunningServices started;

    private final URI ingest;
    private final URI scoring;

    private RunningServices(URI ingest, URI scoring) {
        this.ingest = ingest;
        this.scoring = scoring;
    }

    static synchronized RunningServices get() {
        if (started == null) {
            DevStack stack = DevStack.shared();
            Path logs = createLogDirectory();
            Service ingest = Service.start("ingest-service", stack, logs);
            Service scoring = Service.start("scoring-service", stack, logs);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                scoring.stop();
                                ingest.stop();
                            },
                            "contract-services-shutdown"));
            ingest.awaitReady();
            scoring.awaitReady();
            started = new RunningServices(ingest.api, scoring.api);
        }
        return started;
    }

    URI ingest() {
        return ingest;
    }

    URI scoring() {
        return scoring;
    }

    private static Path createLogDirectory() {
        try {
            return Files.createDirectories(Path.of("target", "service-logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One service process, its API and management URIs and its log. */
    private record Service(String name, Process process, URI api, URI management, Path log) {

        static Service start(String name, DevStack stack, Path logs) {
            Path projectDir = Path.of(System.getProperty("churnwatch.project.dir", ".."));
            Path jar = projectDir.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./mvnw verify -pl contract-tests -am");
            }
            int port = FreePorts.next();
            int managementPort = FreePorts.next();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m",
                    "-Dquarkus.profile=prod",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.host=127.0.0.1",
                    "-Dquarkus.management.port=" + managementPort,
                    "-Dquarkus.log.console.json.enabled=false",
                    "-Dchurnwatch.admin.token=" + ADMIN_TOKEN));
            stack.serviceConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-jar");
            command.add(jar.toString());
            Path log = logs.resolve(name + ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                return new Service(
                        name,
                        process,
                        URI.create("http://127.0.0.1:" + port),
                        URI.create("http://127.0.0.1:" + managementPort),
                        log);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start " + name, e);
            }
        }

        void awaitReady() {
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
                }
                try {
                    HttpResponse<Void> ready = client.send(
                            HttpRequest.newBuilder(management.resolve("/q/health/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                sleep();
            }
            throw new IllegalStateException(name + " not ready after 3 minutes; see " + log.toAbsolutePath());
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        private static void sleep() {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
