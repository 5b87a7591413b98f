package io.churnwatch.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.AlertEvent;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Every lifecycle change of an episode reaches {@code churnwatch.alerts.v1} through the event outbox,
 * read back from the real broker; and the statistics' win-back rate counts churned customers recorded as won back.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class AlertEventPublishingTest {

    @Test
    void everyLifecycleChangeIsPublishedInOrderWithTheCustomerKey() {
        TestTenants.Tenant tenant = TestTenants.create();
        RiskChanges.send(RiskChanges.change(tenant.id(), "umbrella", 40, 70, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(tenant).size() == 1);
        String id = (String) Api.alerts(tenant).get(0).get("id");
        RiskChanges.send(RiskChanges.change(tenant.id(), "umbrella", 70, 88, RiskLevel.HIGH, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "CRITICAL".equals(Api.alert(tenant, id).getString("level")));

        Api.as(tenant).post("/v1/alerts/" + id + "/acknowledge").then().statusCode(200);
        Api.as(tenant).post("/v1/alerts/" + id + "/acknowledge").then().statusCode(200); // no second event
        Api.as(tenant)
                .body(Map.of("until", Instant.now().plus(Duration.ofDays(1)).toString()))
                .post("/v1/alerts/" + id + "/snooze")
                .then()
                .statusCode(200);
        Api.as(tenant)
                .body(Map.of("outcome", "churned", "reason", "competitor"))
                .post("/v1/alerts/" + id + "/resolve")
                .then()
                .statusCode(200);
        RiskChanges.send(RiskChanges.change(tenant.id(), "umbrella", 60, 80, RiskLevel.HIGH, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "open".equals(Api.alert(tenant, id).getString("state")));
        Api.as(tenant)
                .body(Map.of("outcome", "churned", "reason", "price"))
                .post("/v1/alerts/" + id + "/resolve")
                .then()
                .statusCode(200);
        Api.as(tenant)
                .post("/v1/alerts/" + id + "/won-back")
                .then()
                .statusCode(200)
                .body("wonBackAt", org.hamcrest.Matchers.notNullValue());

        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(Topics.ALERTS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.key().equals(Topics.customerKey(tenant.id(), "umbrella"))) {
                        records.add(r);
                    }
                });
                return records.size() >= 8;
            });
        }
        List<AlertEvent> events = records.stream()
                .map(r -> ContractSerde.fromJson(r.value(), AlertEvent.class))
                .toList();
        assertThat(events)
                .extracting(AlertEvent::state)
                .containsExactly(
                        "open", "escalated", "acknowledged", "snoozed", "resolved", "reopened", "resolved", "won_back");
        assertThat(events)
                .allSatisfy(e -> assertThat(e)
                        .extracting(AlertEvent::episodeId, AlertEvent::tenant, AlertEvent::customerId, AlertEvent::kind)
                        .containsExactly(id, tenant.id(), "umbrella", "churn_risk"));
        assertThat(events.get(1).level()).isEqualTo(RiskLevel.CRITICAL);
        assertThat(events.get(4))
                .extracting(AlertEvent::outcome, AlertEvent::reason)
                .containsExactly("churned", "competitor");
        assertThat(new String(
                        records.get(0)
                                .headers()
                                .lastHeader(Topics.TENANT_HEADER)
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo(tenant.id());
        assertThat(records.get(0).headers().lastHeader(Topics.SCHEMA_VERSION_HEADER))
                .isNotNull();
    }

    @Test
    void theWinBackRateIsWonBackOverResolvedAsChurned() {
        TestTenants.Tenant tenant = TestTenants.create();
        for (String customer : List.of("c1", "c2", "c3")) {
            RiskChanges.send(RiskChanges.change(tenant.id(), customer, 40, 75, RiskLevel.MEDIUM, RiskLevel.HIGH));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(tenant).size() == 3);
        Map<String, String> ids = new java.util.HashMap<>();
        Api.alerts(tenant).forEach(a -> ids.put((String) a.get("customerId"), (String) a.get("id")));

        Api.as(tenant)
                .get("/v1/alerts/stats")
                .then()
                .statusCode(200)
                .body("winBack.churned", org.hamcrest.Matchers.equalTo(0))
                .body("winBack.rate", org.hamcrest.Matchers.nullValue());
        Api.as(tenant)
                .body(Map.of("outcome", "churned", "reason", "price"))
                .post("/v1/alerts/" + ids.get("c1") + "/resolve")
                .then()
                .statusCode(200);
        Api.as(tenant)
                .body(Map.of("outcome", "churned", "reason", "support"))
                .post("/v1/alerts/" + ids.get("c2") + "/resolve")
                .then()
                .statusCode(200);
        Api.as(tenant)
                .body(Map.of("outcome", "saved", "reason", "service"))
                .post("/v1/alerts/" + ids.get("c3") + "/resolve")
                .then()
                .statusCode(200);

        Api.as(tenant)
                .post("/v1/alerts/" + ids.get("c3") + "/won-back")
                .then()
                .statusCode(409)
                .body("type", org.hamcrest.Matchers.equalTo("urn:churnwatch:problem:conflict"));
        Api.as(tenant)
                .post("/v1/alerts/" + UUID.randomUUID() + "/won-back")
                .then()
                .statusCode(404);
        io.restassured.RestAssured.given()
                .auth()
                .oauth2(tenant.readOnlyKey())
                .post("/v1/alerts/" + ids.get("c1") + "/won-back")
                .then()
                .statusCode(403);
        Api.as(tenant).post("/v1/alerts/" + ids.get("c1") + "/won-back").then().statusCode(200);
        Api.as(tenant).post("/v1/alerts/" + ids.get("c1") + "/won-back").then().statusCode(200);

        var stats = Api.as(tenant)
                .get("/v1/alerts/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(stats.getLong("winBack.churned")).isEqualTo(2);
        assertThat(stats.getLong("winBack.wonBack")).isEqualTo(1);
        assertThat(stats.getDouble("winBack.rate")).isEqualTo(0.5);
    }

    @Test
    void theHistoryListsChangesAndNotificationsAndGoesOnWithoutAnUnreachableScoringService() {
        // the test profile points churnwatch.alert.scoring.base-url at a closed port
        TestTenants.Tenant tenant = TestTenants.create();
        try (io.churnwatch.alert.support.Receiver receiver = new io.churnwatch.alert.support.Receiver()) {
            String channel = Api.channel(tenant, "webhook", receiver.url("/history"), "s3cret", true);
            Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
            RiskChanges.send(RiskChanges.change(tenant.id(), "hooli", 40, 77, RiskLevel.MEDIUM, RiskLevel.HIGH));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> receiver.requests("/history").size() == 1);
        }
        String id = (String) Api.alerts(tenant).get(0).get("id");
        Api.as(tenant).post("/v1/alerts/" + id + "/acknowledge").then().statusCode(200);
        var history = Api.as(tenant)
                .get("/v1/alerts/" + id + "/history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(history.getString("customerId")).isEqualTo("hooli");
        assertThat(history.getList("entries.what")).containsExactly("acknowledged", "new", "open");
        assertThat(history.getList("entries.type")).containsExactly("state", "notification", "state");
        assertThat(history.getString("entries[1].delivery")).isEqualTo("sent");
        assertThat(history.getString("entries[1].channel")).isEqualTo("webhook channel (webhook)");
        assertThat((Object) history.get("scoring")).isNull();
        TestTenants.Tenant other = TestTenants.create();
        Api.as(other).get("/v1/alerts/" + id + "/history").then().statusCode(404);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        DevStack.shared().kafka().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }
}
