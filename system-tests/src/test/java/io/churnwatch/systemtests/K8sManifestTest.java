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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parses every manifest under deploy/k8s and checks what {@code kubectl apply} would only find out in a cluster:
 * that the Services select the Deployments and reach their ports, that every ConfigMap and Secret a container
 * refers to exists here or is a documented external secret, that probes use Quarkus's health endpoints, that
 * resources are requested, and that the kustomization lists every file.
 */
class K8sManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path K8S = Project.root().resolve("deploy/k8s");
    private static final Map<String, Integer> SERVICE_PORTS = Map.of("ingest-service", 8080, "scoring-service", 8081, "alert-service", 8082);

    private static final List<JsonNode> resources = new ArrayList<>();
    private static final Map<String, List<String>> filesByKind = new TreeMap<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                        if (doc == null || doc.isNull() || doc.isMissingNode()) {
                            continue;
                        }
                        assertThat(doc.path("apiVersion").asText()).as("apiVersion in %s", file).isNotBlank();
                        assertThat(doc.path("kind").asText()).as("kind in %s", file).isNotBlank();
                        resources.add(doc);
                        filesByKind.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
    }

    @Test
    void everyServiceHasADeploymentAndAServiceInTheNamespace() {
        for (String name : SERVICE_PORTS.keySet()) {
            assertThat(named("Deployment", name)).as("Deployment %s", name).isNotNull();
            assertThat(named("Service", name)).as("Service %s", name).isNotNull();
        }
        resources.stream().filter(r -> !r.path("kind").asText().equals("Namespace") && !r.path("kind").asText().equals("Kustomization"))
                .forEach(r -> assertThat(r.path("metadata").path("namespace").asText()).as("namespace of %s", r.path("metadata").path("name"))
                        .isEqualTo("churnwatch"));
    }

    @Test
    void servicesSelectTheirDeploymentsPodsAndReachANamedContainerPort() {
        for (JsonNode service : ofKind("Service")) {
            String name = service.path("metadata").path("name").asText();
            Map<String, String> selector = strings(service.path("spec").path("selector"));
            assertThat(selector).as("selector of Service %s", name).isNotEmpty();
            List<JsonNode> selected = ofKind("Deployment").stream()
                    .filter(d -> strings(d.path("spec").path("template").path("metadata").path("labels")).entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("Deployments selected by Service %s", name).hasSize(1);
            JsonNode deployment = selected.get(0);
            // The Deployment's own selector matches its pod template too (else the API server refuses it).
            assertThat(strings(deployment.path("spec").path("template").path("metadata").path("labels")).entrySet())
                    .containsAll(strings(deployment.path("spec").path("selector").path("matchLabels")).entrySet());
            Set<String> portNames = new HashSet<>();
            Set<Integer> portNumbers = new HashSet<>();
            containers(deployment).forEach(c -> c.path("ports").forEach(p -> {
                portNames.add(p.path("name").asText());
                portNumbers.add(p.path("containerPort").asInt());
            }));
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.path("targetPort");
                if (target.isTextual()) {
                    assertThat(portNames).as("targetPort of Service %s", name).contains(target.asText());
                } else {
                    assertThat(portNumbers).as("targetPort of Service %s", name).contains(target.isMissingNode() ? port.path("port").asInt() : target.asInt());
                }
            }
            if (SERVICE_PORTS.containsKey(name)) {
                assertThat(portNumbers).as("container port of %s (quarkus.http.port)", name).containsExactly(SERVICE_PORTS.get(name));
                assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(SERVICE_PORTS.get(name));
            }
        }
    }

    @Test
    void configMapsExistAndSecretsExistOrAreDocumentedExternalSecrets() throws IOException {
        Set<String> configMaps = names("ConfigMap");
        Set<String> secrets = names("Secret");
        Set<String> documented = documentedExternalSecrets();
        assertThat(documented).as("external secrets table in deploy/k8s/README.md").isNotEmpty();
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String where = deployment.path("metadata").path("name").asText() + "/" + container.path("name").asText();
                container.path("envFrom").forEach(from -> {
                    if (from.has("configMapRef")) {
                        assertThat(configMaps).as("configMapRef of %s", where).contains(from.path("configMapRef").path("name").asText());
                    }
                    if (from.has("secretRef")) {
                        String secret = from.path("secretRef").path("name").asText();
                        assertThat(secrets.contains(secret) || documented.stream().anyMatch(d -> d.startsWith(secret + "/")))
                                .as("secretRef %s of %s", secret, where).isTrue();
                    }
                });
                container.path("env").forEach(env -> {
                    JsonNode from = env.path("valueFrom");
                    if (from.has("configMapKeyRef")) {
                        assertThat(configMaps).as("configMapKeyRef of %s", where).contains(from.path("configMapKeyRef").path("name").asText());
                    }
                    if (from.has("secretKeyRef")) {
                        String ref = from.path("secretKeyRef").path("name").asText() + "/" + from.path("secretKeyRef").path("key").asText();
                        assertThat(secrets.contains(from.path("secretKeyRef").path("name").asText()) || documented.contains(ref))
                                .as("secretKeyRef %s of %s: create it here or document it in deploy/k8s/README.md", ref, where).isTrue();
                    }
                });
            }
        }
    }

    @Test
    void containersHaveHealthProbesAndResourceRequests() {
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String where = deployment.path("metadata").path("name").asText();
                Set<String> portNames = new HashSet<>();
                Set<Integer> portNumbers = new HashSet<>();
                container.path("ports").forEach(p -> {
                    portNames.add(p.path("name").asText());
                    portNumbers.add(p.path("containerPort").asInt());
                });
                assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as("liveness of %s", where).isEqualTo("/q/health/live");
                assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as("readiness of %s", where).isEqualTo("/q/health/ready");
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    JsonNode port = container.path(probe).path("httpGet").path("port");
                    if (!port.isMissingNode()) {
                        assertThat(port.isTextual() ? portNames.contains(port.asText()) : portNumbers.contains(port.asInt()))
                                .as("%s port of %s is a container port", probe, where).isTrue();
                    }
                }
                JsonNode requests = container.path("resources").path("requests");
                assertThat(requests.path("cpu").asText()).as("cpu request of %s", where).isNotBlank();
                assertThat(requests.path("memory").asText()).as("memory request of %s", where).isNotBlank();
                assertThat(container.path("resources").path("limits").path("memory").asText()).as("memory limit of %s", where).isNotBlank();
                assertThat(container.path("image").asText()).as("image of %s", where).isEqualTo("churnwatch/" + where);
                // The port the application listens on is the container port.
                container.path("env").forEach(env -> {
                    if (env.path("name").asText().equals("QUARKUS_HTTP_PORT")) {
                        assertThat(portNumbers).contains(Integer.parseInt(env.path("value").asText()));
                    }
                });
            }
        }
    }

    @Test
    void theKustomizationListsEveryManifestAndEveryImage() throws IOException {
        JsonNode kustomization = ofKind("Kustomization").get(0);
        Set<String> listed = new HashSet<>();
        kustomization.path("resources").forEach(r -> listed.add(r.asText()));
        filesByKind.entrySet().stream().filter(e -> !e.getKey().equals("Kustomization"))
                .flatMap(e -> e.getValue().stream()).forEach(file -> assertThat(listed).as("kustomization resources").contains(file));
        listed.forEach(file -> assertThat(K8S.resolve(file)).exists());
        Set<String> images = new HashSet<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        ofKind("Deployment").forEach(d -> containers(d).forEach(c -> assertThat(images).contains(c.path("image").asText())));
    }

    /** "secret/key" pairs from the README's external secrets table: rows of | `secret` | `key` | ... |. */
    private static Set<String> documentedExternalSecrets() throws IOException {
        String readme = Files.readString(K8S.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## External secrets"));
        Matcher row = Pattern.compile("^\\| `([a-z0-9-]+)` \\| `([A-Za-z0-9_.-]+)` \\|", Pattern.MULTILINE).matcher(section);
        Set<String> pairs = new HashSet<>();
        while (row.find()) {
            pairs.add(row.group(1) + "/" + row.group(2));
        }
        return pairs;
    }

    private static List<JsonNode> ofKind(String kind) {
        return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
    }

    private static JsonNode named(String kind, String name) {
        return ofKind(kind).stream().filter(r -> r.path("metadata").path("name").asText().equals(name)).findFirst().orElse(null);
    }

    private static Set<String> names(String kind) {
        Set<String> names = new HashSet<>();
        ofKind(kind).forEach(r -> names.add(r.path("metadata").path("name").asText()));
        return names;
    }

    private static List<JsonNode> containers(JsonNode deployment) {
        List<JsonNode> containers = new ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        return containers;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
