package io.churnwatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid for docker-compose (no engine needed), refuses to start without the secrets an operator
 * must choose, publishes ports on 127.0.0.1 unless told otherwise, and every file it mounts or builds from exists.
 */
class ComposeFileTest {

    private static final Path ROOT = Project.root();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> SECRETS = Map.of(
            "CHURNWATCH_ADMIN_TOKEN",
            "a-chosen-admin-token",
            "POSTGRES_PASSWORD",
            "a-chosen-db-password",
            "GRAFANA_ADMIN_PASSWORD",
            "a-chosen-grafana-password",
            "CHURNWATCH_ALERT_SECRETS_KEYS",
            "compose:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=");

    @Test
    void dockerComposeConfigAcceptsTheFileWhenTheSecretsAreSet() throws IOException, InterruptedException {
        Config config = dockerComposeConfig(SECRETS, "-q");
        assertThat(config.exitCode()).as(config.output()).isZero();
    }

    @Test
    void dockerComposeRefusesToStartWithoutEachSecretAndSaysHowToSetIt() throws IOException, InterruptedException {
        for (String missing : SECRETS.keySet()) {
            Map<String, String> others = new HashMap<>(SECRETS);
            others.remove(missing);
            Config config = dockerComposeConfig(others, "-q");
            assertThat(config.exitCode())
                    .as("without %s: %s", missing, config.output())
                    .isNotZero();
            assertThat(config.output()).contains("set " + missing + " in the environment or .env");
        }
    }

    @Test
    void publishedPortsBindToLoopbackUnlessABindAddressIsGiven() throws IOException, InterruptedException {
        JsonNode services = YAML.readTree(dockerComposeConfig(SECRETS).output()).path("services");
        int published = 0;
        for (var service : (Iterable<Map.Entry<String, JsonNode>>) services::fields) {
            for (JsonNode port : service.getValue().path("ports")) {
                assertThat(port.asText()).as("port of %s", service.getKey()).startsWith("127.0.0.1:");
                published++;
            }
        }
        assertThat(published).isGreaterThanOrEqualTo(8);
        Map<String, String> exposed = new HashMap<>(SECRETS);
        exposed.put("CHURNWATCH_BIND_ADDRESS", "0.0.0.0");
        JsonNode ingest = YAML.readTree(dockerComposeConfig(exposed).output())
                .path("services")
                .path("ingest-service");
        assertThat(ingest.path("ports").get(0).asText()).startsWith("0.0.0.0:8080:8080");
        for (String service : List.of("ingest-service", "scoring-service", "alert-service")) {
            assertThat(services.path(service).path("ports").toString())
                    .as("%s publishes no management port", service)
                    .doesNotContain(":908");
        }
    }

    /** Runs docker-compose config with exactly these variables of its own (no .env file, none inherited). */
    private static Config dockerComposeConfig(Map<String, String> variables, String... options)
            throws IOException, InterruptedException {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (apt-get install -y docker-compose)");
        Path emptyEnvFile = Files.createTempFile("compose-test", ".env");
        try {
            List<String> command = new ArrayList<>(List.of(
                    "docker-compose", "--env-file", emptyEnvFile.toString(), "-f", "docker-compose.yml", "config"));
            command.addAll(List.of(options));
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
            builder.environment()
                    .keySet()
                    .removeIf(name -> SECRETS.containsKey(name) || name.startsWith("CHURNWATCH_"));
            builder.environment().putAll(variables);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return new Config(process.exitValue(), output + errors);
        } finally {
            Files.delete(emptyEnvFile);
        }
    }

    private record Config(int exitCode, String output) {}

    @Test
    void mountedFilesAndBuildContextsExist() throws IOException {
        JsonNode services =
                YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(services.fieldNames())
                .toIterable()
                .contains(
                        "kafka",
                        "postgres",
                        "ingest-service",
                        "scoring-service",
                        "alert-service",
                        "prometheus",
                        "grafana",
                        "mailpit");
        services.fields().forEachRemaining(service -> {
            service.getValue().path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(ROOT.resolve(source))
                            .as("volume of %s", service.getKey())
                            .exists();
                }
            });
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = ROOT.resolve(build.path("context").asText());
                assertThat(context.resolve(build.path("dockerfile").asText()))
                        .as("Dockerfile of %s", service.getKey())
                        .exists();
                assertThat(context.resolve(".dockerignore")).exists();
            }
        });
        for (String service : List.of("ingest-service", "scoring-service", "alert-service")) {
            assertThat(services.path(service).path("healthcheck").path("test").toString())
                    .as("%s checks readiness on its management port", service)
                    .containsPattern("http://localhost:908[0-2]/q/health/ready");
        }
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:4.");
        assertThat(services.path("postgres").path("image").asText()).isEqualTo("postgres:17");
    }

    private static boolean onPath(String command) {
        return java.util.stream.Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
