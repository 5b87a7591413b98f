package io.churnwatch.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole docker-compose stack: builds the three images from the Dockerfiles (run {@code ./mvnw install -DskipTests}
 * first, the images copy target/quarkus-app), starts Kafka, PostgreSQL, the services, Prometheus, Grafana and Mailpit,
 * posts an event through ingest and reads the customer's risk from scoring. Skipped where there is no Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackTest {

    private static final String DEMO_KEY = "cw_demo_compose_key_not_for_production";
    private static final Duration STARTUP = Duration.ofMinutes(6);

    @Container
    static final ComposeContainer STACK = new ComposeContainer(
                    Project.root().resolve("docker-compose.yml").toFile())
            .withBuild(true)
            .withRemoveVolumes(true)
            .withEnv(Map.of(
                    "CHURNWATCH_ADMIN_TOKEN",
                    UUID.randomUUID().toString(),
                    "POSTGRES_PASSWORD",
                    UUID.randomUUID().toString(),
                    "GRAFANA_ADMIN_PASSWORD",
                    UUID.randomUUID().toString(),
                    "CHURNWATCH_ALERT_SECRETS_KEYS",
                    "compose:DQo6NzGwtdUgWCj0vVqg5KS5VcOwmLVb8Ga5Gwv681I="))
            .withExposedService("ingest-service", 9080, ready())
            .withExposedService("scoring-service", 9081, ready())
            .withExposedService("alert-service", 9082, ready())
            .withExposedService("ingest-service", 8080)
            .withExposedService("scoring-service", 8081)
            .withExposedService(
                    "prometheus",
                    9090,
                    Wait.forHttp("/-/ready").forStatusCode(200).withStartupTimeout(STARTUP));

    private final HttpClient http = HttpClient.newHttpClient();

    /** Readiness on a service's management port. */
    private static WaitStrategy ready() {
        return Wait.forHttp("/q/health/ready").forStatusCode(200).withStartupTimeout(STARTUP);
    }

    @Test
    void anEventPostedToIngestIsScoredAndEveryServiceIsScraped() throws Exception {
        String customer = "compose-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> posted = send(HttpRequest.newBuilder(url("ingest-service", 8080, "/v1/events"))
                .header("Authorization", "Bearer " + DEMO_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"messageId":"%s-1","customerId":"%s","type":"complaint","properties":{"text":"Invoices are wrong"},
                         "traits":{"mrr":900,"currency":"EUR","segment":"enterprise"}}""".formatted(customer, customer)))
                .build());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    HttpResponse<String> risk = send(
                            HttpRequest.newBuilder(url("scoring-service", 8081, "/v1/customers/" + customer + "/risk"))
                                    .header("Authorization", "Bearer " + DEMO_KEY)
                                    .build());
                    assertThat(risk.statusCode()).as(risk.body()).isEqualTo(200);
                    assertThat(risk.body()).contains("\"segment\":\"enterprise\"");
                });
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    HttpResponse<String> up =
                            send(HttpRequest.newBuilder(url("prometheus", 9090, "/api/v1/query?query=sum(up)"))
                                    .build());
                    assertThat(up.body()).contains("\"value\":[").contains(",\"4\"]");
                });
    }

    private static URI url(String service, int port, String path) {
        return URI.create(
                "http://" + STACK.getServiceHost(service, port) + ":" + STACK.getServicePort(service, port) + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
