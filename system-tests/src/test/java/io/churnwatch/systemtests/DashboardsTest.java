package io.churnwatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards are loadable by the provisioning that docker-compose.yml mounts: unique uids, every panel
 * on the provisioned datasource with at least one PromQL target. (deploy/prove-dashboards runs the queries.)
 */
class DashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path GRAFANA = Project.root().resolve("deploy/grafana");

    @Test
    void everyPanelQueriesTheProvisionedDatasource() throws IOException {
        String datasourceUid = YAML.readTree(GRAFANA.resolve("provisioning/datasources/churnwatch-prometheus.yml")
                        .toFile())
                .path("datasources")
                .get(0)
                .path("uid")
                .asText();
        Set<String> uids = new HashSet<>();
        List<Path> dashboards = dashboards();
        assertThat(dashboards)
                .extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder(
                        "churnwatch-pipeline.json", "churnwatch-risk.json", "churnwatch-alerts.json");
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asText()))
                    .as("unique uid in %s", file)
                    .isTrue();
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(panels::add);
            assertThat(panels).as("panels of %s", file).isNotEmpty();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : panels) {
                String where = file.getFileName() + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt()))
                        .as("unique panel id: %s", where)
                        .isTrue();
                assertThat(panel.path("datasource").path("uid").asText())
                        .as("datasource of %s", where)
                        .isEqualTo(datasourceUid);
                assertThat(panel.path("targets").size())
                        .as("targets of %s", where)
                        .isPositive();
                panel.path("targets").forEach(target -> {
                    assertThat(target.path("expr").asText())
                            .as("expr of %s", where)
                            .isNotBlank();
                    assertThat(target.path("datasource").path("uid").asText())
                            .as("target datasource of %s", where)
                            .isEqualTo(datasourceUid);
                });
            }
            dashboard
                    .path("templating")
                    .path("list")
                    .forEach(variable -> assertThat(
                                    variable.path("datasource").path("uid").asText())
                            .isEqualTo(datasourceUid));
        }
    }

    @Test
    void composeMountsTheProvisioningAndTheDashboardsWhereTheProviderLooks() throws IOException {
        String provider = YAML.readTree(GRAFANA.resolve("provisioning/dashboards/churnwatch.yml")
                        .toFile())
                .path("providers")
                .get(0)
                .path("options")
                .path("path")
                .asText();
        JsonNode grafana = YAML.readTree(
                        Project.root().resolve("docker-compose.yml").toFile())
                .path("services")
                .path("grafana");
        List<String> volumes = new ArrayList<>();
        grafana.path("volumes").forEach(v -> volumes.add(v.asText()));
        assertThat(volumes)
                .contains(
                        "./deploy/grafana/dashboards:" + provider + ":ro",
                        "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(GRAFANA.resolve("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
