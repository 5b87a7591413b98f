package io.churnwatch.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Driven by the served OpenAPI documents: for every operation, a request per constraint its body and parameters declare,
 * broken once each. Every one must get a 4xx problem+json whose errors[] names the broken field; never a 5xx, never an
 * empty body. Each operation's example must itself be accepted, so the examples are valid too.
 */
class SchemaDrivenNegativeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final RunningServices services = RunningServices.get();

    /** One operation to break: where it lives and how to authenticate it. */
    private record Target(URI base, String path, String method, JsonNode operation, String bearer) {}

    @Test
    void everyDeclaredConstraintBrokenOnceIsA4xxProblemNamingTheField() throws Exception {
        String tenant = "neg-" + UUID.randomUUID().toString().substring(0, 8);
        String key = createTenantAndKey(tenant);
        List<String> failures = new ArrayList<>();
        int tried = 0;
        for (URI base : List.of(services.ingest(), services.scoring())) {
            JsonNode document = JSON.readTree(send("GET", base.resolve("/q/openapi?format=json"), null, null, Map.of())
                    .body());
            ConstraintBreaker breaker = new ConstraintBreaker(document);
            for (Iterator<Map.Entry<String, JsonNode>> paths =
                            document.path("paths").fields();
                    paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> operations =
                                path.getValue().fields();
                        operations.hasNext(); ) {
                    Map.Entry<String, JsonNode> operation = operations.next();
                    boolean admin =
                            operation.getValue().path("security").toString().contains("adminToken");
                    Target target = new Target(
                            base,
                            path.getKey().replace("{tenant}", tenant),
                            operation.getKey().toUpperCase(),
                            operation.getValue(),
                            admin ? RunningServices.ADMIN_TOKEN : key);
                    tried += breakOperation(target, breaker, failures);
                }
            }
        }
        System.out.printf(
                "SchemaDrivenNegativeTest: %d requests broke a declared constraint; %d were not answered as they should%n",
                tried, failures.size());
        assertThat(failures)
                .as("requests not answered with a 4xx problem naming the field")
                .isEmpty();
        assertThat(tried).as("requests tried").isGreaterThan(100);
    }

    private int breakOperation(Target target, ConstraintBreaker breaker, List<String> failures) throws Exception {
        if (target.path().contains("{")) {
            return 0; // only a made-up id would fill it: its answer is a 404, and it has nothing declared to break
        }
        JsonNode body = null;
        JsonNode bodySchema = null;
        JsonNode content =
                target.operation().path("requestBody").path("content").path("application/json");
        if (!content.isMissingNode()) {
            assertThat(content.path("examples").elements().hasNext())
                    .as("%s %s has an example body", target.method(), target.path())
                    .isTrue();
            body = content.path("examples").elements().next().path("value");
            bodySchema = content.path("schema");
        }
        Map<String, String> validParameters = new LinkedHashMap<>();
        List<JsonNode> parameters = new ArrayList<>();
        for (JsonNode parameter : target.operation().path("parameters")) {
            if (!parameter.path("in").asText().equals("path")) {
                parameters.add(parameter);
                if (parameter.path("required").asBoolean() || parameter.has("example")) {
                    validParameters.put(
                            parameter.path("in").asText() + ":"
                                    + parameter.path("name").asText(),
                            parameter.path("example").asText());
                }
            }
        }
        if (body == null && parameters.isEmpty()) {
            return 0;
        }
        HttpResponse<String> valid = send(target, body, validParameters);
        if (valid.statusCode() >= 400) {
            failures.add(target.method() + " " + target.path() + " with its example: " + valid.statusCode() + " "
                    + valid.body());
        }
        int tried = 0;
        if (body != null) {
            for (ConstraintBreaker.Break broken : breaker.body(bodySchema, body)) {
                tried++;
                check(target, broken, send(target, broken.apply().apply(body), validParameters), failures);
            }
        }
        for (JsonNode parameter : parameters) {
            String name =
                    parameter.path("in").asText() + ":" + parameter.path("name").asText();
            String pointer = "/" + parameter.path("in").asText() + "/"
                    + ConstraintBreaker.escape(parameter.path("name").asText());
            if (parameter.path("required").asBoolean()) {
                Map<String, String> without = new LinkedHashMap<>(validParameters);
                without.remove(name);
                tried++;
                check(
                        target,
                        new ConstraintBreaker.Break("required " + pointer, pointer, null),
                        send(target, body, without),
                        failures);
            }
            for (ConstraintBreaker.Break broken : breaker.parameter(parameter.path("schema"), pointer)) {
                JsonNode value = broken.apply().apply(JsonNodeFactory.instance.textNode(""));
                Map<String, String> with = new LinkedHashMap<>(validParameters);
                with.put(name, value.isTextual() ? value.asText() : value.toString());
                tried++;
                check(target, broken, send(target, body, with), failures);
            }
        }
        return tried;
    }

    private static void check(
            Target target, ConstraintBreaker.Break broken, HttpResponse<String> answer, List<String> failures) {
        String request = target.method() + " " + target.path() + " breaking " + broken.constraint();
        String type = answer.headers().firstValue("Content-Type").orElse("");
        if (answer.statusCode() < 400 || answer.statusCode() >= 500) {
            failures.add(request + ": " + answer.statusCode() + " " + answer.body());
            return;
        }
        if (!type.startsWith("application/problem+json") || answer.body().isBlank()) {
            failures.add(
                    request + ": " + answer.statusCode() + " with '" + type + "' and body '" + answer.body() + "'");
            return;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            List<String> pointers = new ArrayList<>();
            problem.path("errors")
                    .forEach(error -> pointers.add(error.path("pointer").asText()));
            if (!broken.namedBy(pointers)) {
                failures.add(request + ": " + answer.statusCode() + " names " + pointers + ", not " + broken.pointer()
                        + ": " + answer.body());
            }
        } catch (IOException e) {
            failures.add(request + ": " + answer.statusCode() + " with a body that is not JSON: " + answer.body());
        }
    }

    private static HttpResponse<String> send(Target target, JsonNode body, Map<String, String> parameters)
            throws Exception {
        return send(target.method(), target.base().resolve(target.path()), body, target.bearer(), parameters);
    }

    private static HttpResponse<String> send(
            String method, URI uri, JsonNode body, String bearer, Map<String, String> parameters) throws Exception {
        String query = parameters.entrySet().stream()
                .filter(p -> p.getKey().startsWith("query:"))
                .map(p -> URLEncoder.encode(p.getKey().substring(6), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI target = query.isEmpty() ? uri : URI.create(uri + (uri.getQuery() == null ? "?" : "&") + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        parameters.forEach((name, value) -> {
            if (name.startsWith("header:")) {
                request.header(name.substring(7), value);
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String createTenantAndKey(String tenant) throws Exception {
        URI tenants = services.ingest().resolve("/admin/tenants");
        HttpResponse<String> created = send(
                "POST",
                tenants,
                JSON.readTree("{\"id\":\"" + tenant + "\",\"name\":\"Negative\"}"),
                RunningServices.ADMIN_TOKEN,
                Map.of());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> key = send(
                "POST",
                services.ingest().resolve("/admin/tenants/" + tenant + "/keys"),
                JSON.readTree("{\"name\":\"negative\",\"scopes\":[\"ingest\",\"read\",\"write\"]}"),
                RunningServices.ADMIN_TOKEN,
                Map.of());
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        return JSON.readTree(key.body()).path("key").asText();
    }
}
