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
 * refers to exists here or is a documented external secret, that probes use Quarkus's health endpoints on the
 * management port, that resources are requested, that the kustomization lists every file, that every container runs
 * locked down (non-root, no privilege escalation, read-only root filesystem, no capabilities), and that network
 * policies deny ingress but to the API ports, the management ports from Prometheus, and the datastores from the
 * services.
 */
class K8sManifestTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path K8S = Project.root().resolve("deploy/k8s");
    private static final Map<String, Integer> SERVICE_PORTS =
            Map.of("ingest-service", 8080, "scoring-service", 8081, "alert-service", 8082);
    private static final Map<String, Integer> MANAGEMENT_PORTS =
            Map.of("ingest-service", 9080, "scoring-service", 9081, "alert-service", 9082);

    private static final List<JsonNode> resources = new ArrayList<>();
    private static final Map<String, List<String>> filesByKind = new TreeMap<>();

    @BeforeAll
    static void parseEveryManifest() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                        if (doc == null || doc.isNull() || doc.isMissingNode()) {
                            continue;
                        }
                        assertThat(doc.path("apiVersion").asText())
                                .as("apiVersion in %s", file)
                                .isNotBlank();
                        assertThat(doc.path("kind").asText())
                                .as("kind in %s", file)
                                .isNotBlank();
                        resources.add(doc);
                        filesByKind
                                .computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>())
                                .add(file.getFileName().toString());
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
        resources.stream()
                .filter(r -> !r.path("kind").asText().equals("Namespace")
                        && !r.path("kind").asText().equals("Kustomization"))
                .forEach(r -> assertThat(r.path("metadata").path("namespace").asText())
                        .as("namespace of %s", r.path("metadata").path("name"))
                        .isEqualTo("churnwatch"));
    }

    @Test
    void servicesSelectTheirDeploymentsPodsAndReachANamedContainerPort() {
        for (JsonNode service : ofKind("Service")) {
            String name = service.path("metadata").path("name").asText();
            Map<String, String> selector = strings(service.path("spec").path("selector"));
            assertThat(selector).as("selector of Service %s", name).isNotEmpty();
            List<JsonNode> selected = ofKind("Deployment").stream()
                    .filter(d -> strings(d.path("spec")
                                    .path("template")
                                    .path("metadata")
                                    .path("labels"))
                            .entrySet()
                            .containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected).as("Deployments selected by Service %s", name).hasSize(1);
            JsonNode deployment = selected.get(0);
            // The Deployment's own selector matches its pod template too (else the API server refuses it).
            assertThat(strings(deployment
                                    .path("spec")
                                    .path("template")
                                    .path("metadata")
                                    .path("labels"))
                            .entrySet())
                    .containsAll(
                            strings(deployment.path("spec").path("selector").path("matchLabels"))
                                    .entrySet());
            Set<String> portNames = new HashSet<>();
            Set<Integer> portNumbers = new HashSet<>();
            containers(deployment)
                    .forEach(c -> c.path("ports").forEach(p -> {
                        portNames.add(p.path("name").asText());
                        portNumbers.add(p.path("containerPort").asInt());
                    }));
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.path("targetPort");
                if (target.isTextual()) {
                    assertThat(portNames).as("targetPort of Service %s", name).contains(target.asText());
                } else {
                    assertThat(portNumbers)
                            .as("targetPort of Service %s", name)
                            .contains(target.isMissingNode() ? port.path("port").asInt() : target.asInt());
                }
            }
            if (SERVICE_PORTS.containsKey(name)) {
                JsonNode container = containers(deployment).get(0);
                assertThat(containerPort(container, "http"))
                        .as("http port of %s (quarkus.http.port)", name)
                        .isEqualTo(SERVICE_PORTS.get(name));
                assertThat(containerPort(container, "management"))
                        .as("management port of %s", name)
                        .isEqualTo(MANAGEMENT_PORTS.get(name));
                assertThat(service.path("spec").path("ports"))
                        .as("ports of Service %s: the API only", name)
                        .hasSize(1);
                assertThat(service.path("spec")
                                .path("ports")
                                .get(0)
                                .path("port")
                                .asInt())
                        .isEqualTo(SERVICE_PORTS.get(name));
            }
        }
    }

    @Test
    void configMapsExistAndSecretsExistOrAreDocumentedExternalSecrets() throws IOException {
        Set<String> configMaps = names("ConfigMap");
        Set<String> secrets = names("Secret");
        Set<String> documented = documentedExternalSecrets();
        assertThat(documented)
                .as("external secrets table in deploy/k8s/README.md")
                .isNotEmpty();
        for (JsonNode deployment : ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                String where = deployment.path("metadata").path("name").asText() + "/"
                        + container.path("name").asText();
                container.path("envFrom").forEach(from -> {
                    if (from.has("configMapRef")) {
                        assertThat(configMaps)
                                .as("configMapRef of %s", where)
                                .contains(from.path("configMapRef").path("name").asText());
                    }
                    if (from.has("secretRef")) {
                        String secret = from.path("secretRef").path("name").asText();
                        assertThat(secrets.contains(secret)
                                        || documented.stream().anyMatch(d -> d.startsWith(secret + "/")))
                                .as("secretRef %s of %s", secret, where)
                                .isTrue();
                    }
                });
                container.path("env").forEach(env -> {
                    JsonNode from = env.path("valueFrom");
                    if (from.has("configMapKeyRef")) {
                        assertThat(configMaps)
                                .as("configMapKeyRef of %s", where)
                                .contains(from.path("configMapKeyRef")
                                        .path("name")
                                        .asText());
                    }
                    if (from.has("secretKeyRef")) {
                        String ref = from.path("secretKeyRef").path("name").asText() + "/"
                                + from.path("secretKeyRef").path("key").asText();
                        assertThat(secrets.contains(from.path("secretKeyRef")
                                                .path("name")
                                                .asText())
                                        || documented.contains(ref))
                                .as(
                                        "secretKeyRef %s of %s: create it here or document it in deploy/k8s/README.md",
                                        ref, where)
                                .isTrue();
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
                assertThat(container
                                .path("livenessProbe")
                                .path("httpGet")
                                .path("path")
                                .asText())
                        .as("liveness of %s", where)
                        .isEqualTo("/q/health/live");
                assertThat(container
                                .path("readinessProbe")
                                .path("httpGet")
                                .path("path")
                                .asText())
                        .as("readiness of %s", where)
                        .isEqualTo("/q/health/ready");
                assertThat(container
                                .path("startupProbe")
                                .path("httpGet")
                                .path("path")
                                .asText())
                        .as("startup of %s", where)
                        .isEqualTo("/q/health/started");
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    JsonNode port = container.path(probe).path("httpGet").path("port");
                    int number = port.isTextual() ? containerPort(container, port.asText()) : port.asInt();
                    assertThat(number)
                            .as("%s of %s on the management port (not the API's)", probe, where)
                            .isEqualTo(MANAGEMENT_PORTS.get(where));
                }
                JsonNode annotations = deployment
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("annotations");
                assertThat(annotations.path("prometheus.io/port").asText())
                        .as("Prometheus port of %s", where)
                        .isEqualTo(String.valueOf(MANAGEMENT_PORTS.get(where)));
                assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
                JsonNode requests = container.path("resources").path("requests");
                assertThat(requests.path("cpu").asText())
                        .as("cpu request of %s", where)
                        .isNotBlank();
                assertThat(requests.path("memory").asText())
                        .as("memory request of %s", where)
                        .isNotBlank();
                assertThat(container
                                .path("resources")
                                .path("limits")
                                .path("memory")
                                .asText())
                        .as("memory limit of %s", where)
                        .isNotBlank();
                assertThat(container.path("image").asText())
                        .as("image of %s", where)
                        .isEqualTo("churnwatch/" + where);
                // The ports the application listens on are the container ports.
                container.path("env").forEach(env -> {
                    String value = env.path("value").asText();
                    if (env.path("name").asText().equals("QUARKUS_HTTP_PORT")) {
                        assertThat(containerPort(container, "http")).isEqualTo(Integer.parseInt(value));
                    }
                    if (env.path("name").asText().equals("QUARKUS_MANAGEMENT_PORT")) {
                        assertThat(containerPort(container, "management")).isEqualTo(Integer.parseInt(value));
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
        filesByKind.entrySet().stream()
                .filter(e -> !e.getKey().equals("Kustomization"))
                .flatMap(e -> e.getValue().stream())
                .forEach(
                        file -> assertThat(listed).as("kustomization resources").contains(file));
        listed.forEach(file -> assertThat(K8S.resolve(file)).exists());
        Set<String> images = new HashSet<>();
        kustomization.path("images").forEach(i -> images.add(i.path("name").asText()));
        ofKind("Deployment")
                .forEach(d -> containers(d)
                        .forEach(
                                c -> assertThat(images).contains(c.path("image").asText())));
    }

    @Test
    void everyContainerRunsAsNonRootWithoutPrivilegesOnAReadOnlyRootFilesystem() {
        assertThat(ofKind("Deployment")).isNotEmpty();
        for (JsonNode deployment : ofKind("Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (JsonNode container : containers(deployment)) {
                String where = deployment.path("metadata").path("name").asText() + "/"
                        + container.path("name").asText();
                assertLockedDown(pod, container, where);
            }
        }
    }

    /** What {@link #everyContainerRunsAsNonRootWithoutPrivilegesOnAReadOnlyRootFilesystem} demands of one container. */
    static void assertLockedDown(JsonNode pod, JsonNode container, String where) {
        JsonNode context = container.path("securityContext");
        boolean nonRoot = context.has("runAsNonRoot")
                ? context.path("runAsNonRoot").asBoolean()
                : pod.path("securityContext").path("runAsNonRoot").asBoolean();
        assertThat(nonRoot).as("runAsNonRoot of %s", where).isTrue();
        JsonNode escalation = context.path("allowPrivilegeEscalation");
        assertThat(escalation.isBoolean() && !escalation.asBoolean())
                .as("allowPrivilegeEscalation: false on %s", where)
                .isTrue();
        assertThat(context.path("readOnlyRootFilesystem").asBoolean())
                .as("readOnlyRootFilesystem of %s", where)
                .isTrue();
        List<String> dropped = new ArrayList<>();
        context.path("capabilities").path("drop").forEach(c -> dropped.add(c.asText()));
        assertThat(dropped).as("capabilities dropped by %s", where).contains("ALL");
        assertThat(context.path("capabilities").path("add"))
                .as("capabilities added by %s", where)
                .isEmpty();
        assertThat(context.path("privileged").asBoolean())
                .as("privileged %s", where)
                .isFalse();
        // The JVM writes to /tmp: a writable emptyDir there.
        JsonNode tmp = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                tmp = mount;
            }
        }
        assertThat(tmp).as("a volume mounted on /tmp in %s", where).isNotNull();
        String volume = tmp.path("name").asText();
        boolean emptyDir = false;
        for (JsonNode v : pod.path("volumes")) {
            emptyDir |= v.path("name").asText().equals(volume) && v.has("emptyDir");
        }
        assertThat(emptyDir).as("/tmp of %s is an emptyDir", where).isTrue();
    }

    @Test
    void networkPoliciesDenyIngressButToTheApiAndToPrometheusOnTheManagementPort() {
        List<JsonNode> policies = ofKind("NetworkPolicy");
        assertThat(policies)
                .as("a default-deny policy: every pod of the namespace, Ingress, no rule")
                .anyMatch(p -> p.path("spec").path("podSelector").isEmpty()
                        && types(p).contains("Ingress")
                        && p.path("spec").path("ingress").isEmpty());
        for (JsonNode deployment : ofKind("Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode container = containers(deployment).get(0);
            Set<Map.Entry<String, String>> labels = strings(deployment
                            .path("spec")
                            .path("template")
                            .path("metadata")
                            .path("labels"))
                    .entrySet();
            List<JsonNode> rules = new ArrayList<>();
            policies.stream()
                    .filter(p -> types(p).contains("Ingress"))
                    .filter(p -> labels.containsAll(
                            strings(p.path("spec").path("podSelector").path("matchLabels"))
                                    .entrySet()))
                    .forEach(p -> p.path("spec").path("ingress").forEach(rules::add));
            int api = containerPort(container, "http");
            int management = containerPort(container, "management");
            assertThat(rules).as("a rule admitting %s's API port", name).anyMatch(r -> admits(r, container, api));
            for (JsonNode rule : rules) {
                if (admits(rule, container, management)) {
                    assertThat(rule.path("from"))
                            .as("peers of a rule admitting %s's management port", name)
                            .isNotEmpty();
                    rule.path("from")
                            .forEach(peer -> assertThat(isPrometheus(peer))
                                    .as("%s management port admits only Prometheus, not %s", name, peer)
                                    .isTrue());
                }
            }
        }
    }

    @Test
    void onlyTheServicesReachPostgresAndKafka() throws IOException {
        Path dir = K8S.resolve("datastores");
        List<JsonNode> manifests = parse(dir);
        JsonNode kustomization = manifests.stream()
                .filter(m -> m.path("kind").asText().equals("Kustomization"))
                .findFirst()
                .orElseThrow();
        try (Stream<Path> files = Files.list(dir)) {
            Set<String> listed = new HashSet<>();
            kustomization.path("resources").forEach(r -> listed.add(r.asText()));
            files.map(f -> f.getFileName().toString())
                    .filter(f -> !f.equals("kustomization.yaml"))
                    .forEach(f ->
                            assertThat(listed).as("datastores kustomization").contains(f));
        }
        Map<String, Integer> clientPorts = Map.of("databases", 5432, "kafka", 9092);
        for (Map.Entry<String, Integer> datastore : clientPorts.entrySet()) {
            List<JsonNode> policies = manifests.stream()
                    .filter(m -> m.path("kind").asText().equals("NetworkPolicy"))
                    .filter(m -> m.path("metadata").path("namespace").asText().equals(datastore.getKey()))
                    .toList();
            assertThat(policies)
                    .as("a policy for the datastore in namespace %s", datastore.getKey())
                    .isNotEmpty();
            int port = datastore.getValue();
            for (JsonNode policy : policies) {
                assertThat(types(policy)).contains("Ingress");
                assertThat(policy.path("spec").path("podSelector").path("matchLabels"))
                        .as("pods of %s", datastore.getKey())
                        .isNotEmpty();
                boolean servicesAdmitted = false;
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    if (!admitsNumber(rule, port)) {
                        continue;
                    }
                    assertThat(rule.path("from"))
                            .as("peers of port %d in %s", port, datastore.getKey())
                            .isNotEmpty();
                    for (JsonNode peer : rule.path("from")) {
                        boolean services = isChurnwatchService(peer);
                        servicesAdmitted |= services;
                        assertThat(services || isSameNamespacePeer(peer))
                                .as(
                                        "port %d in %s admits only ChurnWatch's services (and the datastore's own pods), not %s",
                                        port, datastore.getKey(), peer)
                                .isTrue();
                    }
                }
                assertThat(servicesAdmitted)
                        .as("ChurnWatch's services reach port %d in %s", port, datastore.getKey())
                        .isTrue();
            }
        }
    }

    private static List<String> types(JsonNode policy) {
        List<String> types = new ArrayList<>();
        policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        return types;
    }

    /** Whether an ingress rule admits this container port (a rule without ports admits every port). */
    private static boolean admits(JsonNode rule, JsonNode container, int containerPort) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode port : rule.path("ports")) {
            JsonNode value = port.path("port");
            if (value.isMissingNode()
                    || (value.isTextual() ? containerPort(container, value.asText()) : value.asInt())
                            == containerPort) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsNumber(JsonNode rule, int number) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode port : rule.path("ports")) {
            if (port.path("port").isMissingNode() || port.path("port").asInt() == number) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPrometheus(JsonNode peer) {
        JsonNode pods = peer.path("podSelector").path("matchLabels");
        return !peer.has("ipBlock")
                && peer.path("namespaceSelector").path("matchLabels").size() > 0
                && "prometheus".equals(pods.path("app.kubernetes.io/name").asText());
    }

    private static boolean isChurnwatchService(JsonNode peer) {
        JsonNode namespaces = peer.path("namespaceSelector").path("matchLabels");
        JsonNode pods = peer.path("podSelector").path("matchLabels");
        return "churnwatch"
                        .equals(namespaces.path("kubernetes.io/metadata.name").asText())
                && "churnwatch".equals(pods.path("app.kubernetes.io/part-of").asText());
    }

    /** A podSelector alone selects pods of the policy's own namespace (the datastore's instances and brokers). */
    private static boolean isSameNamespacePeer(JsonNode peer) {
        return peer.has("podSelector") && !peer.has("namespaceSelector") && !peer.has("ipBlock");
    }

    private static int containerPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name + " in "
                + container.path("name").asText());
    }

    private static List<JsonNode> parse(Path dir) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(d -> d != null && !d.isNull())
                            .forEach(docs::add);
                }
            }
        }
        return docs;
    }

    /** "secret/key" pairs from the README's external secrets table: rows of | `secret` | `key` | ... |. */
    private static Set<String> documentedExternalSecrets() throws IOException {
        String readme = Files.readString(K8S.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## External secrets"));
        Matcher row = Pattern.compile("^\\| `([a-z0-9-]+)` \\| `([A-Za-z0-9_.-]+)` \\|", Pattern.MULTILINE)
                .matcher(section);
        Set<String> pairs = new HashSet<>();
        while (row.find()) {
            pairs.add(row.group(1) + "/" + row.group(2));
        }
        return pairs;
    }

    private static List<JsonNode> ofKind(String kind) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .toList();
    }

    private static JsonNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(r -> r.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElse(null);
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
