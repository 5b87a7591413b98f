package io.churnwatch.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Risk changes through the real broker into episodes in the real database and notifications to a
 * local webhook: one episode per customer, no second notification for a redelivered change or a
 * small rise, re-notification on escalation up to the daily cap, and the lifecycle over REST.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class EpisodePipelineTest {

    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    private static TestTenants.Tenant tenantWithOwnerWebhook(String path) {
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url(path), "s3cret", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        return tenant;
    }

    @Test
    void aRedeliveredChangeMakesNoSecondEpisodeNorNotification() {
        String path = "/dedupe-" + UUID.randomUUID();
        TestTenants.Tenant tenant = tenantWithOwnerWebhook(path);
        RiskChange first = RiskChanges.change(tenant.id(), "acme", 40, 70, RiskLevel.MEDIUM, RiskLevel.HIGH);
        RiskChanges.send(first);
        RiskChanges.send(first);
        RiskChange small = RiskChanges.change(tenant.id(), "acme", 70, 74, RiskLevel.HIGH, RiskLevel.HIGH);
        RiskChanges.send(small);
        RiskChanges.send(small);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        Db.count("SELECT count(*) FROM alert.processed_changes WHERE tenant = ?", tenant.id()) == 2);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.requests(path).size() == 1);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.requests(path).size() == 1);

        List<Map<String, Object>> alerts = Api.alerts(tenant);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0))
                .containsEntry("customerId", "acme")
                .containsEntry("state", "open")
                .containsEntry("score", 74.0f)
                .containsEntry("notifications", 1);
        assertThat(Db.count("SELECT count(*) FROM alert.outbox WHERE tenant = ?", tenant.id()))
                .isEqualTo(1);
    }

    @Test
    void escalationReNotifiesUpToTheDailyCapAndASmallRiseDoesNot() {
        String path = "/escalation-" + UUID.randomUUID();
        TestTenants.Tenant tenant = tenantWithOwnerWebhook(path);
        RiskChanges.send(RiskChanges.change(tenant.id(), "globex", 50, 62, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 1);

        RiskChanges.send(RiskChanges.change(tenant.id(), "globex", 62, 66, RiskLevel.HIGH, RiskLevel.HIGH));
        RiskChanges.send(RiskChanges.change(tenant.id(), "globex", 66, 81, RiskLevel.HIGH, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 2);
        assertThat(RECEIVER.requests(path).get(1).json().at("/alerts/0/purpose").asText())
                .isEqualTo("escalated");
        assertThat(RECEIVER.requests(path).get(1).json().at("/alerts/0/level").asText())
                .isEqualTo("CRITICAL");

        RiskChanges.send(RiskChanges.change(tenant.id(), "globex", 81, 91, RiskLevel.CRITICAL, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 3);

        // The test profile caps re-notifications at 2 a day: the third escalation updates the episode silently.
        RiskChanges.send(RiskChanges.change(tenant.id(), "globex", 91, 99, RiskLevel.CRITICAL, RiskLevel.CRITICAL));
        RiskChanges.send(RiskChanges.change(tenant.id(), "globex", 80, 99.5, RiskLevel.CRITICAL, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        Db.count("SELECT count(*) FROM alert.processed_changes WHERE tenant = ?", tenant.id()) == 6);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.requests(path).size() == 3);
        assertThat(Api.alerts(tenant))
                .singleElement()
                .satisfies(alert -> assertThat(alert).containsEntry("score", 99.5f));
    }

    @Test
    void reachingTheCheckInPointOpensAQuietCheckInEpisodeWhileHighRiskStillNotifies() {
        String path = "/check-in-" + UUID.randomUUID();
        TestTenants.Tenant tenant = tenantWithOwnerWebhook(path);
        List<String> checkIn = List.of("day10_checkin", "outreach");
        RiskChanges.send(RiskChanges.withPlaybooks(
                RiskChanges.change(tenant.id(), "hooli", 20, 45, RiskLevel.LOW, RiskLevel.MEDIUM), checkIn));
        RiskChanges.send(RiskChanges.withPlaybooks(
                RiskChanges.change(tenant.id(), "hooli", 45, 58, RiskLevel.MEDIUM, RiskLevel.MEDIUM), checkIn));
        RiskChanges.send(RiskChanges.change(tenant.id(), "umbrella", 20, 45, RiskLevel.LOW, RiskLevel.MEDIUM));

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        Db.count("SELECT count(*) FROM alert.processed_changes WHERE tenant = ?", tenant.id()) == 3);
        assertThat(Api.alerts(tenant))
                .as("a medium change without the check-in playbook opens nothing")
                .singleElement()
                .satisfies(alert -> assertThat(alert)
                        .containsEntry("customerId", "hooli")
                        .containsEntry("kind", "check_in")
                        .containsEntry("state", "open")
                        .containsEntry("score", 58.0f));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> RECEIVER.requests(path).isEmpty());

        RiskChanges.send(RiskChanges.change(tenant.id(), "hooli", 58, 75, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 1);
        assertThat(RECEIVER.requests(path).get(0).json().at("/alerts/0/purpose").asText())
                .isEqualTo("new");
        assertThat(Api.alerts(tenant))
                .extracting(alert -> alert.get("kind"))
                .containsExactlyInAnyOrder("check_in", "churn_risk");
    }

    @Test
    void acknowledgeSnoozeResolveAndReopenWithinTheCoolDown() {
        String path = "/lifecycle-" + UUID.randomUUID();
        TestTenants.Tenant tenant = tenantWithOwnerWebhook(path);
        RiskChanges.send(RiskChanges.change(tenant.id(), "initech", 30, 75, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(tenant).size() == 1);
        String id = (String) Api.alerts(tenant).get(0).get("id");

        Api.as(tenant)
                .post("/v1/alerts/" + id + "/acknowledge")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("acknowledged"));
        String until = Instant.now().plus(Duration.ofDays(2)).toString();
        Api.as(tenant)
                .body(Map.of("until", until))
                .post("/v1/alerts/" + id + "/snooze")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("snoozed"));
        Api.as(tenant)
                .body(Map.of("outcome", "maybe", "reason", "price"))
                .post("/v1/alerts/" + id + "/resolve")
                .then()
                .statusCode(400)
                .body("type", org.hamcrest.Matchers.equalTo("urn:churnwatch:problem:invalid-request"));
        Api.as(tenant)
                .body(Map.of("outcome", "false_alarm", "reason", "other", "note", "seasonal dip"))
                .post("/v1/alerts/" + id + "/resolve")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("resolved"));
        Api.as(tenant)
                .post("/v1/alerts/" + id + "/acknowledge")
                .then()
                .statusCode(409)
                .body("type", org.hamcrest.Matchers.equalTo("urn:churnwatch:problem:conflict"));

        RiskChanges.send(RiskChanges.change(tenant.id(), "initech", 60, 80, RiskLevel.HIGH, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "open".equals(Api.alert(tenant, id).getString("state")));
        assertThat(Api.alerts(tenant)).hasSize(1);
        assertThat(Api.alert(tenant, id).getInt("reopenCount")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> RECEIVER.requests(path).size() == 2);
        assertThat(RECEIVER.requests(path).get(1).json().at("/alerts/0/purpose").asText())
                .isEqualTo("reopened");

        Api.as(tenant).post("/v1/alerts/" + id + "/acknowledge").then().statusCode(200);
        Api.as(tenant)
                .body(Map.of("outcome", "saved", "reason", "support"))
                .post("/v1/alerts/" + id + "/resolve")
                .then()
                .statusCode(200);
        var stats = Api.as(tenant)
                .get("/v1/alerts/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stats.getInt("byState.resolved")).isEqualTo(1);
        assertThat(stats.getInt("timeToAcknowledge.acknowledged")).isEqualTo(1);
        assertThat(stats.getList("precision")).hasSize(1);
        assertThat(stats.getFloat("precision[0].precision")).isEqualTo(1.0f);
        assertThat(stats.getString("precision[0].kind")).isEqualTo("churn_risk");
    }
}
