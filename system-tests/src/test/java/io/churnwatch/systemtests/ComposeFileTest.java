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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docker-compose.yml is valid for docker-compose (no engine needed) and every file it mounts or builds from exists. */
class ComposeFileTest {

    private static final Path ROOT = Project.root();

    @Test
    void dockerComposeConfigAcceptsTheFile() throws IOException, InterruptedException {
        assumeTrue(onPath("docker-compose"), "docker-compose is not installed (apt-get install -y docker-compose)");
        ProcessBuilder config = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        config.environment().put("CHURNWATCH_ALERT_SECRETS_KEYS", "compose:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I=");
        Process process = config.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    @Test
    void mountedFilesAndBuildContextsExist() throws IOException {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(services.fieldNames()).toIterable().contains("kafka", "postgres", "ingest-service", "scoring-service", "alert-service",
                "prometheus", "grafana", "mailpit");
        services.fields().forEachRemaining(service -> {
            service.getValue().path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(ROOT.resolve(source)).as("volume of %s", service.getKey()).exists();
                }
            });
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = ROOT.resolve(build.path("context").asText());
                assertThat(context.resolve(build.path("dockerfile").asText())).as("Dockerfile of %s", service.getKey()).exists();
                assertThat(context.resolve(".dockerignore")).exists();
            }
        });
        for (String service : List.of("ingest-service", "scoring-service", "alert-service")) {
            assertThat(services.path(service).path("healthcheck").path("test").toString()).contains("/q/health/ready");
        }
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:4.");
        assertThat(services.path("postgres").path("image").asText()).isEqualTo("postgres:17");
    }

    private static boolean onPath(String command) {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
