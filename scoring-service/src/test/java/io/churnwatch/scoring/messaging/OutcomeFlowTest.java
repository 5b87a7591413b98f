package io.churnwatch.scoring.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.AlertEvent;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.Churn;
import io.churnwatch.scoring.persistence.OutcomeRepository;
import io.churnwatch.scoring.state.OutcomeIntake;
import io.churnwatch.scoring.support.Alerts;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.churnwatch.scoring.support.TopicReader;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Outcomes flow back through the real broker and database: episodes resolved in alert-service's inbox, written to
 * {@code churnwatch.alerts.v1} as its relay writes them, and integrators' churned/won_back events reach
 * {@code scoring.outcomes}, the customer's status and the churn metrics, each churn counted once.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OutcomeFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutcomeRepository outcomes;

    @Inject
    OutcomeIntake intake;

    @Inject
    Vertx vertx;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aChurnResolvedInTheInboxIsRecordedMarksTheCustomerChurnedAndCountsInTheMetrics() {
        TestTenants.Tenant tenant = TestTenants.create();
        customer(tenant.id(), "acme");

        Alerts.send(Alerts.resolved(tenant.id(), "acme", "churned", "competitor", now.minus(1, ChronoUnit.HOURS)));

        await().atMost(WAIT).until(() -> count(tenant.id()) == 1);
        var row = Db.query(
                        "SELECT customer_id, kind, source, reason, occurred_at FROM scoring.outcomes WHERE tenant_id = ?",
                        tenant.id())
                .get(0);
        assertThat(row)
                .containsEntry("customer_id", "acme")
                .containsEntry("kind", "churned")
                .containsEntry("source", "resolution")
                .containsEntry("reason", "competitor");
        await().atMost(WAIT)
                .until(() -> "CHURNED".equals(customerRow(tenant.id(), "acme").get("status")));
        assertThat(customerRow(tenant.id(), "acme")).containsEntry("level", "CRITICAL");
        churnReport(tenant)
                .body("groups.key", contains("competitor"))
                .body("groups[0].lost", equalTo(1))
                .body("groups[0].customersAtStart", equalTo(1));

        // The team resolved the episode itself: no risk change to critical that would reopen it.
        await().atMost(WAIT)
                .until(() -> Db.count(
                                "SELECT count(*) FROM scoring.outbox WHERE tenant_id = ? AND sent_at IS NULL",
                                tenant.id())
                        == 0);
        assertThat(riskChanges(tenant.id())).extracting(RiskChange::newLevel).doesNotContain(RiskLevel.CRITICAL);
    }

    @Test
    void anIntegratorsChurnedEventAndTheResolutionOfTheSameCustomerAreOneChurn() {
        TestTenants.Tenant tenant = TestTenants.create();
        customer(tenant.id(), "globex");
        Instant churnedAt = now.minus(3, ChronoUnit.DAYS);
        Events.send(List.of(churned(tenant.id(), "globex", churnedAt, "price")));
        await().atMost(WAIT).until(() -> count(tenant.id()) == 1);

        Alerts.send(Alerts.resolved(tenant.id(), "globex", "churned", "competitor", now.minus(1, ChronoUnit.DAYS)));
        await().atMost(WAIT).until(() -> count(tenant.id()) == 2);

        assertThat(churns(tenant.id())).containsExactly(new Churn("globex", churnedAt, null, "competitor"));
        churnReport(tenant).body("groups.key", contains("competitor")).body("groups[0].lost", equalTo(1));
        assertThat(customerRow(tenant.id(), "globex")).containsEntry("status", "CHURNED");
    }

    @Test
    void aWinBackRecordedInTheInboxClearsTheChurnedStateAndEndsTheChurn() {
        TestTenants.Tenant tenant = TestTenants.create();
        customer(tenant.id(), "hooli");
        Instant churnedAt = now.minus(2, ChronoUnit.DAYS);
        Events.send(List.of(churned(tenant.id(), "hooli", churnedAt, null)));
        await().atMost(WAIT)
                .until(() -> "CHURNED".equals(customerRow(tenant.id(), "hooli").get("status")));
        assertThat(customerRow(tenant.id(), "hooli")).containsEntry("level", "CRITICAL");

        Instant wonBackAt = now.minus(1, ChronoUnit.HOURS);
        Alerts.send(Alerts.wonBack(tenant.id(), "hooli", wonBackAt));

        await().atMost(WAIT)
                .until(() -> "ACTIVE".equals(customerRow(tenant.id(), "hooli").get("status")));
        assertThat(customerRow(tenant.id(), "hooli")).containsEntry("level", "LOW");
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/customers/hooli/risk")
                .then()
                .statusCode(200)
                .body("level", equalTo("LOW"));
        assertThat(churns(tenant.id())).containsExactly(new Churn("hooli", churnedAt, wonBackAt, null));
        await().atMost(WAIT)
                .until(() -> riskChanges(tenant.id()).stream()
                        .anyMatch(c -> c.newLevel() == RiskLevel.LOW && c.oldLevel() == RiskLevel.CRITICAL));
    }

    @Test
    void redeliveredAlertEventsAreRecordedOnce() {
        TestTenants.Tenant tenant = TestTenants.create();
        customer(tenant.id(), "umbrella");
        AlertEvent churn = Alerts.resolved(tenant.id(), "umbrella", "churned", "price", now.minus(2, ChronoUnit.HOURS));
        // The relay's at-least-once delivery: the same event twice, then a later one of the same customer.
        Alerts.send(
                churn,
                churn,
                Alerts.resolved(tenant.id(), "umbrella", "saved", "service", now.minus(1, ChronoUnit.HOURS)));
        await().atMost(WAIT).until(() -> count(tenant.id()) == 2);
        awaitStoredOffsetsPast(tenant.id());

        // Seeking back: the very records, at their offsets, delivered again.
        List<ConsumerRecord<String, byte[]>> consumed = TopicReader.ofTenant(Topics.ALERTS, tenant.id());
        assertThat(consumed).hasSize(3);
        OutcomeIntake.Result again =
                OnVertx.await(vertx, () -> intake.process(ConsumedRecords.read(consumed, AlertEvent.class)));
        assertThat(again).isEqualTo(new OutcomeIntake.Result(0, 0, 3, 0, 0));

        assertThat(Db.query("SELECT kind FROM scoring.outcomes WHERE tenant_id = ? ORDER BY occurred_at", tenant.id()))
                .extracting(r -> r.get("kind"))
                .containsExactly("churned", "saved");
        assertThat(churns(tenant.id())).hasSize(1);
        churnReport(tenant).body("groups.key", contains("price")).body("groups[0].lost", equalTo(1));
    }

    @Test
    void aMalformedAlertEventIsDeadLetteredAndTheNextOneApplied() {
        TestTenants.Tenant tenant = TestTenants.create();
        customer(tenant.id(), "initech");
        String key = Topics.customerKey(tenant.id(), "initech");
        Alerts.sendRaw(tenant.id(), key, "{not json".getBytes(StandardCharsets.UTF_8));
        Alerts.sendRaw(
                tenant.id(), key, ContractSerde.toJson(Alerts.resolved(tenant.id(), "initech", "maybe", "price", now)));
        Alerts.send(Alerts.resolved(tenant.id(), "initech", "churned", "support", now));

        await().atMost(WAIT)
                .until(() ->
                        TopicReader.ofTenant(Topics.ALERTS_DLQ, tenant.id()).size() == 2);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.ofTenant(Topics.ALERTS_DLQ, tenant.id());
        assertThat(TopicReader.header(dead.get(0), Topics.DLQ_REASON_HEADER)).contains("Not a valid AlertEvent");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(TopicReader.header(dead.get(1), Topics.DLQ_REASON_HEADER)).contains("needs an outcome");
        await().atMost(WAIT).until(() -> count(tenant.id()) == 1);
        await().atMost(WAIT)
                .until(() ->
                        "CHURNED".equals(customerRow(tenant.id(), "initech").get("status")));
    }

    private void customer(String tenant, String customer) {
        InteractionEvent identify = Events.withTraits(
                Events.event(tenant, customer, "identify", now.minus(5, ChronoUnit.DAYS)),
                new CustomerTraits(new BigDecimal("100"), "EUR", "smb", null, LocalDate.parse("2025-06-01"), null));
        Events.send(List.of(identify, Events.event(tenant, customer, "usage", now.minus(4, ChronoUnit.DAYS))));
        await().atMost(WAIT)
                .until(() -> Db.count(
                                "SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ? AND customer_id = ?",
                                tenant,
                                customer)
                        == 2);
    }

    private static InteractionEvent churned(String tenant, String customer, Instant at, String reason) {
        var properties = JsonNodeFactory.instance.objectNode();
        if (reason != null) {
            properties.put("reason", reason);
        }
        return new InteractionEvent(
                UUID.randomUUID().toString(), true, tenant, customer, "churned", at, at, properties, null, "api");
    }

    private io.restassured.response.ValidatableResponse churnReport(TestTenants.Tenant tenant) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/metrics/churn?from=" + today.minusDays(10) + "&to=" + today.plusDays(1) + "&by=reason")
                .then()
                .statusCode(200);
    }

    private List<Churn> churns(String tenant) {
        return OnVertx.await(vertx, () -> Panache.withSession(() -> outcomes.churns(tenant, Instant.now())));
    }

    private static long count(String tenant) {
        return Db.count("SELECT count(*) FROM scoring.outcomes WHERE tenant_id = ?", tenant);
    }

    private static java.util.Map<String, Object> customerRow(String tenant, String customer) {
        return Db.query(
                        "SELECT status, level FROM scoring.customers WHERE tenant_id = ? AND customer_id = ?",
                        tenant,
                        customer)
                .get(0);
    }

    private static List<RiskChange> riskChanges(String tenant) {
        return TopicReader.ofTenant(Topics.RISK_CHANGES, tenant).stream()
                .map(r -> ContractSerde.fromJson(r.value(), RiskChange.class))
                .toList();
    }

    private static void awaitStoredOffsetsPast(String tenant) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.ofTenant(Topics.ALERTS, tenant);
        ConsumerRecord<String, byte[]> last = records.get(records.size() - 1);
        await().atMost(WAIT)
                .until(() -> Db.count(
                                "SELECT coalesce(max(next_offset), 0) FROM scoring.consumer_offsets"
                                        + " WHERE group_id = ? AND topic = ? AND partition_no = ?",
                                OutcomeIntake.OFFSETS_KEY,
                                Topics.ALERTS,
                                last.partition())
                        > last.offset());
    }
}
