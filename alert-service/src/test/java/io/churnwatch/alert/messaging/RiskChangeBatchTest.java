package io.churnwatch.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.DeadLetters;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The batch path of the risk-change consumer, fed hand-made batches so their contents are certain: a
 * redelivered change, a change twice in one batch, two changes of one customer, a record that is not a
 * change and a change the database refuses, all in one batch.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class RiskChangeBatchTest {

    private static final Receiver RECEIVER = new Receiver();
    private static final AtomicLong OFFSETS = new AtomicLong(1_000_000);

    @Inject
    RiskChangeConsumer consumer;

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void aBatchAppliesEachCustomersChangesInOrderOnceAndDeadLettersWhatItCannotUse() throws Throwable {
        String path = "/batch-" + UUID.randomUUID();
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url(path), "s3cret", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        RiskChange earlier = RiskChanges.change(tenant.id(), "umbrella", 40, 70, RiskLevel.MEDIUM, RiskLevel.HIGH);
        consume(List.of(record(earlier)));

        RiskChange opens = RiskChanges.change(tenant.id(), "acme", 40, 70, RiskLevel.MEDIUM, RiskLevel.HIGH);
        RiskChange escalates = RiskChanges.change(tenant.id(), "acme", 70, 88, RiskLevel.HIGH, RiskLevel.CRITICAL);
        ConsumerRecord<String, byte[]> poison =
                record(tenant.id() + ":poison", "{\"changeId\":\"half a change".getBytes(StandardCharsets.UTF_8));
        // PostgreSQL refuses NUL in text: valid JSON, valid change, fails only in the database.
        RiskChange refused =
                RiskChanges.change(tenant.id(), "nul\u0000customer", 40, 90, RiskLevel.MEDIUM, RiskLevel.CRITICAL);
        RiskChange initech = RiskChanges.change(tenant.id(), "initech", 50, 80, RiskLevel.MEDIUM, RiskLevel.HIGH);
        consume(List.of(
                record(earlier),
                record(opens),
                poison,
                record(opens),
                record(refused),
                record(escalates),
                record(initech)));

        assertThat(Db.count("SELECT count(*) FROM alert.processed_changes WHERE tenant = ?", tenant.id()))
                .isEqualTo(4);
        assertThat(Db.text(
                        "SELECT string_agg(customer_id || ':' || level || ':' || notifications, ',' ORDER BY customer_id) FROM alert.episodes WHERE tenant = ?",
                        tenant.id()))
                .isEqualTo("acme:CRITICAL:2,initech:HIGH:1,umbrella:HIGH:1");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 4);
        List<String> acme = RECEIVER.requests(path).stream()
                .filter(r -> r.json().at("/alerts/0/customerId").asText().equals("acme"))
                .map(r -> r.json().at("/alerts/0/purpose").asText())
                .toList();
        assertThat(acme).containsExactly("new", "escalated");
        assertThat(Db.text(
                        "SELECT string_agg(payload::json->>'state', ',' ORDER BY id) FROM alert.event_outbox WHERE tenant = ? AND record_key = ?",
                        tenant.id(),
                        opens.key()))
                .isEqualTo("open,escalated");

        List<ConsumerRecord<String, byte[]>> dead = DeadLetters.ofTenant(tenant.id());
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(poison.key(), refused.key());
        assertThat(dead)
                .filteredOn(r -> r.key().equals(poison.key()))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.value()).isEqualTo(poison.value());
                    assertThat(DeadLetters.reason(r))
                            .contains("Not a valid RiskChange")
                            .endsWith("(from %s-0@%d)".formatted(Topics.RISK_CHANGES, poison.offset()));
                });
        assertThat(dead)
                .filteredOn(r -> r.key().equals(refused.key()))
                .singleElement()
                .satisfies(r -> assertThat(DeadLetters.reason(r)).startsWith("could not be applied: SQLSTATE 22"));
    }

    @Test
    void theLargestMrrTheContractAllowsIsStored() throws Throwable {
        TestTenants.Tenant tenant = TestTenants.create();
        RiskChange change = withMrr(
                RiskChanges.change(tenant.id(), "whale", 40, 75, RiskLevel.MEDIUM, RiskLevel.HIGH),
                ContractLimits.MAX_MONEY);
        RiskChanges.send(change);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> Db.count("SELECT count(*) FROM alert.episodes WHERE tenant = ?", tenant.id()) == 1);
        assertThat(Db.text("SELECT mrr::text FROM alert.episodes WHERE tenant = ?", tenant.id()))
                .isEqualTo("999999999999.9999");
        assertThat(DeadLetters.ofTenant(tenant.id())).isEmpty();
    }

    @Test
    void aChangeTheDatabaseRefusesIsIsolatedByBisectionWhileTheOthersOpenEpisodes() throws Throwable {
        TestTenants.Tenant tenant = TestTenants.create();
        List<RiskChange> changes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            changes.add(RiskChanges.change(tenant.id(), "customer-" + i, 40, 75, RiskLevel.MEDIUM, RiskLevel.HIGH));
        }
        // Beyond what scoring can send since ContractLimits, as an older scoring could: the column overflows.
        changes.set(10, withMrr(changes.get(10), new BigDecimal("9999999999999")));
        consume(changes.stream().map(RiskChangeBatchTest::record).toList());

        assertThat(Db.count("SELECT count(*) FROM alert.episodes WHERE tenant = ?", tenant.id()))
                .isEqualTo(15);
        assertThat(Db.count(
                        "SELECT count(*) FROM alert.episodes WHERE tenant = ? AND customer_id = 'customer-10'",
                        tenant.id()))
                .isZero();
        assertThat(DeadLetters.ofTenant(tenant.id())).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(changes.get(10).key());
            assertThat(DeadLetters.reason(r))
                    .startsWith("could not be applied: SQLSTATE 22003: numeric field overflow");
        });
    }

    private static RiskChange withMrr(RiskChange c, BigDecimal mrr) {
        return new RiskChange(
                c.changeId(),
                c.tenant(),
                c.customerId(),
                c.oldScore(),
                c.newScore(),
                c.oldLevel(),
                c.newLevel(),
                c.topFactors(),
                mrr,
                c.tenureDays(),
                c.pAlive(),
                c.priority(),
                c.playbooks(),
                c.segment(),
                c.owner(),
                c.ownerLeft(),
                c.eventTime());
    }

    @Test
    void aRecordWithoutTenantIsDeadLetteredWithTheReason() throws Throwable {
        TestTenants.Tenant tenant = TestTenants.create();
        String json = new String(
                        ContractSerde.toJson(
                                RiskChanges.change(tenant.id(), "acme", 40, 70, RiskLevel.MEDIUM, RiskLevel.HIGH)),
                        StandardCharsets.UTF_8)
                .replace("\"tenant\":\"" + tenant.id() + "\",", "");
        ConsumerRecord<String, byte[]> noTenant = record(tenant.id() + ":acme", json.getBytes(StandardCharsets.UTF_8));
        consume(List.of(noTenant));

        assertThat(DeadLetters.ofTenant(tenant.id()))
                .singleElement()
                .satisfies(r -> assertThat(DeadLetters.reason(r))
                        .startsWith("A risk change needs changeId, tenant, customerId and newLevel"));
        assertThat(Db.count("SELECT count(*) FROM alert.episodes WHERE tenant = ?", tenant.id()))
                .isZero();
    }

    @Test
    void aChangeOfAnotherSchemaVersionIsDeadLetteredNotReadAsThisOne() throws Throwable {
        TestTenants.Tenant tenant = TestTenants.create();
        ConsumerRecord<String, byte[]> future =
                record(RiskChanges.change(tenant.id(), "acme", 40, 70, RiskLevel.MEDIUM, RiskLevel.HIGH));
        future.headers().add(Topics.SCHEMA_VERSION_HEADER, "99".getBytes(StandardCharsets.UTF_8));
        consume(List.of(future));

        assertThat(DeadLetters.ofTenant(tenant.id()))
                .singleElement()
                .satisfies(r -> assertThat(DeadLetters.reason(r)).startsWith("schema version 99 is not"));
        assertThat(Db.count("SELECT count(*) FROM alert.episodes WHERE tenant = ?", tenant.id()))
                .isZero();
    }

    private void consume(List<ConsumerRecord<String, byte[]>> records) throws Throwable {
        ConsumerRecords<String, byte[]> batch = new ConsumerRecords<>(
                Map.of(new TopicPartition(Topics.RISK_CHANGES, 0), new ArrayList<>(records)), Map.of());
        VertxContextSupport.subscribeAndAwait(() -> consumer.consume(batch));
    }

    private static ConsumerRecord<String, byte[]> record(RiskChange change) {
        return record(change.key(), ContractSerde.toJson(change));
    }

    private static ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>(Topics.RISK_CHANGES, 0, OFFSETS.incrementAndGet(), key, value);
    }
}
