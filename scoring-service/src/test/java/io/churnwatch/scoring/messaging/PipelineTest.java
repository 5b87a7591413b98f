package io.churnwatch.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.state.BatchResult;
import io.churnwatch.scoring.state.BatchScoring;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.churnwatch.scoring.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Round trips through the real broker and database: events in, state rows and risk changes out. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class PipelineTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    BatchScoring scoring;

    @Inject
    Vertx vertx;

    @Test
    void complaintsBecomeAScoreRowAndARiskChangeOnTheTopic() {
        String tenant = TestTenants.create().id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        InteractionEvent identify = Events.withTraits(
                Events.event(tenant, "acme", "identify", now.minus(3, ChronoUnit.HOURS)),
                new CustomerTraits(
                        new BigDecimal("1200"),
                        "EUR",
                        "enterprise",
                        "ana@cs.example",
                        LocalDate.parse("2023-02-01"),
                        "pro"));
        Events.send(List.of(
                identify,
                Events.event(tenant, "acme", "complaint", now.minus(2, ChronoUnit.HOURS)),
                Events.event(tenant, "acme", "complaint", now.minus(1, ChronoUnit.HOURS)),
                Events.event(tenant, "acme", "payment_failed", now.minus(30, ChronoUnit.MINUTES))));

        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant) == 4);
        var row = Db.query(
                        "SELECT level, score, segment, owner, mrr, status FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'acme'",
                        tenant)
                .get(0);
        assertThat((Double) row.get("score")).isGreaterThan(40);
        assertThat(row.get("level")).isIn("MEDIUM", "HIGH");
        assertThat(row.get("segment")).isEqualTo("enterprise");
        assertThat(row.get("owner")).isEqualTo("ana@cs.example");
        assertThat((BigDecimal) row.get("mrr")).isEqualByComparingTo("1200");

        await().atMost(WAIT)
                .until(() -> !TopicReader.ofTenant(Topics.RISK_CHANGES, tenant).isEmpty());
        List<ConsumerRecord<String, byte[]>> changes = TopicReader.ofTenant(Topics.RISK_CHANGES, tenant);
        RiskChange change =
                ContractSerde.fromJson(changes.get(changes.size() - 1).value(), RiskChange.class);
        assertThat(change.customerId()).isEqualTo("acme");
        assertThat(change.key()).isEqualTo(tenant + ":acme");
        assertThat(ContractSerde.fromJson(changes.get(0).value(), RiskChange.class)
                        .oldLevel())
                .isEqualTo(RiskLevel.LOW);
        assertThat(change.newLevel()).isEqualTo(RiskLevel.valueOf((String) row.get("level")));
        assertThat(change.topFactors()).extracting(f -> f.key()).contains("complaint", "payment_failed");
        assertThat(change.mrr()).isEqualByComparingTo("1200");
        assertThat(change.tenureDays()).isPositive();
        assertThat(change.playbooks()).contains("fix_fault");
        assertThat(change.changeId()).isNotBlank();
        assertThat(TopicReader.header(changes.get(0), Topics.SCHEMA_VERSION_HEADER))
                .isEqualTo("1");
        assertThat(Db.count("SELECT count(*) FROM scoring.outbox WHERE tenant_id = ? AND sent_at IS NULL", tenant))
                .isZero();
    }

    @Test
    void aPoisonRecordGoesToTheDlqWithItsReasonAndConsumptionGoesOn() {
        String tenant = TestTenants.create().id();
        Events.sendRaw(tenant + ":broken", "{not json".getBytes(StandardCharsets.UTF_8));
        Events.sendRaw(
                tenant + ":broken",
                ("{\"messageId\":\"n1\",\"tenant\":\"" + tenant
                                + "\",\"customerId\":\"broken\",\"type\":\"nps\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"properties\":{}}")
                        .getBytes(StandardCharsets.UTF_8));
        Events.send(List.of(Events.event(tenant, "broken", "usage", Instant.now())));

        await().atMost(WAIT)
                .until(() -> TopicReader.ofTenant(Topics.EVENTS_DLQ, tenant).size() == 2);
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.ofTenant(Topics.EVENTS_DLQ, tenant);
        assertThat(TopicReader.header(dead.get(0), Topics.DLQ_REASON_HEADER)).contains("Not a valid InteractionEvent");
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(TopicReader.header(dead.get(1), Topics.DLQ_REASON_HEADER)).contains("nps event needs a score");
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant) == 1);
    }

    @Test
    void redeliveredRecordsAndRepostedMessageIdsChangeNothing() {
        String tenant = TestTenants.create().id();
        Instant now = Instant.now();
        List<InteractionEvent> events = List.of(
                Events.event(tenant, "c1", "complaint", now.minusSeconds(60)),
                Events.event(tenant, "c1", "unsubscribe", now.minusSeconds(30)),
                Events.event(tenant, "c2", "usage", now));
        Events.send(events);
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant) == 3);
        await().atMost(WAIT)
                .until(() ->
                        Db.count("SELECT count(*) FROM scoring.outbox WHERE tenant_id = ? AND sent_at IS NULL", tenant)
                                == 0);
        var before = snapshot(tenant);

        // Seeking back: the very records, at their offsets, delivered again.
        List<ConsumerRecord<String, byte[]>> consumed = TopicReader.ofTenant(Topics.EVENTS, tenant);
        BatchResult again =
                OnVertx.await(vertx, () -> scoring.process(ConsumedRecords.read(consumed, InteractionEvent.class)));
        assertThat(again).isEqualTo(new BatchResult(0, 3, 0, 0));

        // The same message ids written to Kafka a second time (an ingest-level duplicate) at new offsets.
        Events.send(events);
        Events.send(List.of(Events.event(tenant, "c3", "usage", now)));
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant) == 4);
        assertThat(snapshot(tenant)).isEqualTo(before);
    }

    private static List<Object> snapshot(String tenant) {
        return List.of(
                Db.query(
                        "SELECT customer_id, score, level, state FROM scoring.customers WHERE tenant_id = ? AND customer_id <> 'c3' ORDER BY customer_id",
                        tenant),
                Db.count(
                        "SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ? AND customer_id <> 'c3'",
                        tenant),
                Db.count(
                        "SELECT count(*) FROM scoring.score_history WHERE tenant_id = ? AND customer_id <> 'c3'",
                        tenant),
                Db.count(
                        "SELECT count(*) FROM scoring.outbox WHERE tenant_id = ? AND record_key <> ?",
                        tenant,
                        tenant + ":c3"));
    }
}
