package io.churnwatch.bench;

import io.churnwatch.devstack.FreePorts;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/** A ChurnWatch service as a separate process, started from its Quarkus fast-jar as the local run does. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final URI base;
    private final URI management;

    private ServiceProcess(String name, Process process, Path log, URI base, URI management) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.base = base;
        this.management = management;
    }

    /**
     * Starts {@code projectDir/<name>/target/quarkus-app/quarkus-run.jar} with the prod profile and {@code config} as
     * system properties; its API on {@code port}, its management interface (health, metrics) on a free port.
     */
    public static ServiceProcess start(
            String name,
            Path projectDir,
            Map<String, String> config,
            int port,
            String heap,
            List<String> extraJvmArgs,
            Path log)
            throws IOException {
        Path jar = projectDir.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    jar + " is missing: build with ./mvnw -B -DskipTests install -pl bench," + name + " -am");
        }
        int managementPort = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-Dquarkus.profile=prod",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.management.host=127.0.0.1"));
        command.addAll(extraJvmArgs);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServiceProcess(
                name,
                process,
                log,
                URI.create("http://127.0.0.1:" + port),
                URI.create("http://127.0.0.1:" + managementPort));
    }

    public String name() {
        return name;
    }

    public URI base() {
        return base;
    }

    /** The management interface: /q/health, /q/metrics. */
    public URI management() {
        return management;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Waits for /q/health/ready on the management port to answer 200. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(management.resolve("/q/health/ready"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + " (" + last + "); see " + log);
    }

    /** Stops the service (SIGTERM, so it closes its producer and consumer cleanly), forcibly after 30 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
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
}
