package io.churnwatch.alert.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The live stream: a one-use token opens it, the tenant's changes arrive as server-sent events and other
 * tenants' do not; and the business metrics appear on /q/metrics (on the management port).
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class AlertStreamTest {

    private static final Receiver RECEIVER = new Receiver();

    @TestHTTPResource("/v1/alerts/stream")
    URL stream;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @org.junit.jupiter.api.AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @Test
    void aOneUseTokenOpensTheStreamAndOnlyTheTenantsChangesArrive() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        TestTenants.Tenant other = TestTenants.create();
        given().post("/v1/alerts/stream/tokens").then().statusCode(401);
        given().get("/v1/alerts/stream")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
        given().get("/v1/alerts/stream?token=cwst_forged").then().statusCode(401);
        String token = Api.as(tenant)
                .post("/v1/alerts/stream/tokens")
                .then()
                .statusCode(200)
                .extract()
                .path("token");

        List<String> lines = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(stream + "?token=" + token))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        var pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lines.stream().anyMatch(l -> l.startsWith("event:") && l.contains("ping")));

        RiskChanges.send(RiskChanges.change(other.id(), "other-co", 40, 90, RiskLevel.MEDIUM, RiskLevel.CRITICAL));
        RiskChanges.send(RiskChanges.change(tenant.id(), "streamco", 40, 90, RiskLevel.MEDIUM, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> lines.stream().anyMatch(l -> l.contains("\"customerId\":\"streamco\"")));
        assertThat(lines).noneMatch(l -> l.contains("other-co"));
        assertThat(lines).anyMatch(l -> l.startsWith("event:") && l.contains("alert"));

        // used up: the same token does not open a second stream
        given().get("/v1/alerts/stream?token=" + token).then().statusCode(401);
        given().auth()
                .oauth2(tenant.readOnlyKey())
                .post("/v1/alerts/stream/tokens")
                .then()
                .statusCode(200);
        reader.interrupt();
    }

    @Test
    void businessMetricsAreExposedWithTenantLevelTags() {
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url("/metrics-hook"), "s3cret", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        RiskChanges.send(RiskChanges.change(tenant.id(), "metrico", 40, 92, RiskLevel.MEDIUM, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests("/metrics-hook").size() == 1);
        String id = (String) Api.alerts(tenant).get(0).get("id");
        Api.as(tenant).post("/v1/alerts/" + id + "/acknowledge").then().statusCode(200);
        RiskChanges.send(RiskChanges.change(tenant.id(), "other", 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(tenant).size() == 2);
        String other = (String) Api.alerts(tenant).stream()
                .filter(a -> a.get("customerId").equals("other"))
                .findFirst()
                .orElseThrow()
                .get("id");
        Api.as(tenant)
                .body(java.util.Map.of("outcome", "false_alarm", "reason", "other"))
                .post("/v1/alerts/" + other + "/resolve")
                .then()
                .statusCode(200);

        String t = "tenant=\"" + tenant.id() + "\"";
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String metrics = given().port(management.getPort())
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(metrics)
                    .containsPattern("churnwatch_alert_episodes_opened_total\\{[^}]*level=\"critical\"[^}]*" + t
                            + "[^}]*} 1\\.0")
                    .containsPattern("churnwatch_alert_acknowledgement_time_seconds_count\\{" + t + "} 1\\.0")
                    .contains("churnwatch_alert_acknowledgement_time_seconds_bucket{" + t + ",le=\"300.0\"} 1.0")
                    .containsPattern("churnwatch_alert_deliveries_total\\{channel_type=\"webhook\",outcome=\"sent\","
                            + t + "} 2\\.0")
                    .containsPattern("churnwatch_alert_episodes_open\\{level=\"critical\"," + t + "} 1\\.0")
                    .containsPattern("churnwatch_alert_precision\\{" + t + "} 0\\.0")
                    .containsPattern("churnwatch_alert_outbox_backlog\\{outbox=\"events\"} \\d")
                    .containsPattern("churnwatch_alert_outbox_backlog\\{outbox=\"deliveries\"} \\d");
        });
    }
}
