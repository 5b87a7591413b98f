package io.churnwatch.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.MessageKeys;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The batch transaction spans state, events, history, outbox, processed ids and offsets: a crash before
 * the commit leaves none of them, and applying the same records twice counts them once. The records sit
 * on a partition number the broker does not have, so the live consumer's stored offsets are untouched.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class BatchTransactionTest {

    @Inject
    BatchScoring scoring;

    @Inject
    Vertx vertx;

    @Inject
    StateCache cache;

    @Test
    void aCrashBeforeCommitLeavesNothingAndTheRetryCountsExactly() {
        String tenant = TestTenants.create().id();
        int partition = fakePartition();
        List<InteractionEvent> events = events(tenant);
        List<ConsumedRecord<InteractionEvent>> records = Events.records(partition, events);

        assertThatThrownBy(() -> OnVertx.await(
                        vertx,
                        () -> Panache.withTransaction(() -> scoring.apply(records)
                                .chain(applied -> Uni.createFrom()
                                        .failure(new IllegalStateException("crash after the writes, before commit"))))))
                .hasMessageContaining("crash");
        assertThat(counts(tenant, events, partition)).containsExactly(0L, 0L, 0L, 0L, 0L, 0L);

        BatchResult first = OnVertx.await(vertx, () -> scoring.process(records));
        assertThat(first).isEqualTo(new BatchResult(3, 0, 0, 0));
        List<Long> exact = counts(tenant, events, partition);
        assertThat(exact).containsExactly(2L, 3L, 2L, 1L, 3L, 3L);

        BatchResult redelivered = OnVertx.await(vertx, () -> scoring.process(records));
        assertThat(redelivered).isEqualTo(new BatchResult(0, 3, 0, 0));
        assertThat(counts(tenant, events, partition)).isEqualTo(exact);
    }

    @Test
    void theSameRecordsTwiceInOneTransactionCountOnce() {
        String tenant = TestTenants.create().id();
        int partition = fakePartition();
        List<InteractionEvent> events = events(tenant);
        List<ConsumedRecord<InteractionEvent>> records = Events.records(partition, events);

        List<BatchResult> results = OnVertx.await(
                vertx,
                () -> Panache.withTransaction(() -> scoring.apply(records)
                        .chain(first -> scoring.apply(records).map(second -> List.of(first, second)))));
        assertThat(results).containsExactly(new BatchResult(3, 0, 0, 0), new BatchResult(0, 3, 0, 0));
        assertThat(counts(tenant, events, partition)).containsExactly(2L, 3L, 2L, 1L, 3L, 3L);

        // The same message ids at new offsets (written to Kafka twice by ingest): skipped by message id.
        List<ConsumedRecord<InteractionEvent>> moved = records.stream()
                .map(r -> new ConsumedRecord<>(
                        r.topic(), r.partition(), r.offset() + 10, r.key(), r.value(), r.message(), r.problem()))
                .toList();
        assertThat(OnVertx.await(vertx, () -> scoring.process(moved))).isEqualTo(new BatchResult(0, 0, 3, 0));
        assertThat(counts(tenant, events, partition)).containsExactly(2L, 3L, 2L, 1L, 3L, 13L);
    }

    @Test
    void aRolledBackBatchLeavesNoTraceInTheCachedState() {
        String tenant = TestTenants.create().id();
        int partition = fakePartition();
        Instant now = Instant.now();
        List<ConsumedRecord<InteractionEvent>> first =
                Events.records(partition, List.of(Events.event(tenant, "a", "complaint", now.minusSeconds(30))));
        List<ConsumedRecord<InteractionEvent>> second =
                Events.records(partition, List.of(Events.event(tenant, "a", "complaint", now.minusSeconds(20))))
                        .stream()
                        .map(r -> new ConsumedRecord<>(
                                r.topic(), r.partition(), r.offset() + 1, r.key(), r.value(), r.message(), r.problem()))
                        .toList();
        OnVertx.await(vertx, () -> scoring.process(first));

        assertThatThrownBy(() -> OnVertx.await(
                        vertx,
                        () -> Panache.withTransaction(() -> scoring.apply(second)
                                .chain(applied ->
                                        Uni.createFrom().failure(new IllegalStateException("crash before commit"))))))
                .hasMessageContaining("crash");
        OnVertx.await(vertx, () -> scoring.process(second));

        assertThat(Db.count(
                        "SELECT (state::json -> 'signals' -> 'complaint' ->> 'count')::int FROM scoring.customers"
                                + " WHERE tenant_id = ? AND customer_id = 'a'",
                        tenant))
                .as("complaints in the stored state")
                .isEqualTo(2);
    }

    @Test
    void theCommittedDocumentIsStoredAsWrittenSoTheNextBatchReusesTheParsedState() {
        String tenant = TestTenants.create().id();
        OnVertx.await(
                vertx,
                () -> scoring.process(
                        Events.records(fakePartition(), List.of(Events.event(tenant, "a", "usage", Instant.now())))));

        CustomerEntity row = CustomerEntity.create(tenant, "a");
        row.state = Db.query("SELECT state FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'a'", tenant)
                .get(0)
                .get("state")
                .toString();
        assertThat(cache.holds(row))
                .as("the stored document is byte for byte the remembered one")
                .isTrue();
    }

    @Test
    void anEventThatMovesNothingAddsNoHistoryRow() {
        String tenant = TestTenants.create().id();
        int partition = fakePartition();
        Instant now = Instant.now();
        List<InteractionEvent> events = List.of(
                Events.event(tenant, "a", "usage", now.minusSeconds(30)),
                Events.event(tenant, "a", "usage", now.minusSeconds(20)),
                Events.event(tenant, "a", "complaint", now.minusSeconds(10)));
        List<ConsumedRecord<InteractionEvent>> records = Events.records(partition, events);
        for (ConsumedRecord<InteractionEvent> record : records) {
            OnVertx.await(vertx, () -> scoring.process(List.of(record)));
        }

        assertThat(Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant))
                .isEqualTo(3);
        assertThat(Db.query("SELECT score FROM scoring.score_history WHERE tenant_id = ? ORDER BY id", tenant))
                .as("the first assessment and the complaint's, not the second usage event's")
                .hasSize(2);
    }

    @Test
    void recordsTheDatabaseRefusesAreIsolatedByBisectionAndEveryOtherRecordIsAppliedOnce() {
        String tenant = TestTenants.create().id();
        String other = TestTenants.create().id();
        int partition = fakePartition();
        Instant now = Instant.now();
        // PostgreSQL text cannot hold NUL: well-formed events within every contract limit that only the database
        // refuses.
        InteractionEvent nulCustomer = Events.event(tenant, "nul\u0000customer", "usage", now);
        InteractionEvent nulSegment = Events.withTraits(
                Events.event(other, "d", "identify", now),
                new CustomerTraits(null, null, "smb\u0000", null, null, null));
        List<InteractionEvent> events = List.of(
                Events.event(tenant, "a", "complaint", now.minusSeconds(50)),
                Events.event(other, "b", "usage", now.minusSeconds(40)),
                Events.event(tenant, "a", "downgrade", now.minusSeconds(30)),
                nulCustomer,
                Events.event(other, "c", "usage", now.minusSeconds(20)),
                nulSegment,
                Events.event(tenant, "a", "usage", now.minusSeconds(10)));
        List<ConsumedRecord<InteractionEvent>> records = Events.records(partition, events);

        assertThat(OnVertx.await(vertx, () -> scoring.process(records))).isEqualTo(new BatchResult(5, 0, 0, 2));
        List<String> reasons = Db.query(
                        "SELECT dlq_reason FROM scoring.outbox WHERE topic = ? AND tenant_id IN (?, ?) ORDER BY id",
                        Topics.EVENTS_DLQ,
                        tenant,
                        other)
                .stream()
                .map(row -> (String) row.get("dlq_reason"))
                .toList();
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0))
                .startsWith("could not be stored: SQLSTATE 22")
                .endsWith("(from %s-%d@3)".formatted(Topics.EVENTS, partition));
        assertThat(reasons.get(1))
                .startsWith("could not be stored: SQLSTATE 22")
                .endsWith("(from %s-%d@5)".formatted(Topics.EVENTS, partition));
        List<Long> applied = List.of(
                Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id IN (?, ?)", tenant, other),
                Db.count("SELECT count(*) FROM scoring.customers WHERE tenant_id IN (?, ?)", tenant, other),
                Db.count(
                        "SELECT coalesce(max(next_offset), 0) FROM scoring.consumer_offsets WHERE partition_no = ?",
                        partition),
                Db.count("SELECT count(*) FROM scoring.processed_messages WHERE id_hash::text IN ("
                        + events.stream()
                                .map(e -> "'" + MessageKeys.of(e.tenant(), e.messageId()) + "'")
                                .collect(Collectors.joining(","))
                        + ")"));
        assertThat(applied).as("events, customers, next offset, processed ids").containsExactly(5L, 3L, 7L, 5L);

        assertThat(OnVertx.await(vertx, () -> scoring.process(records))).isEqualTo(new BatchResult(0, 7, 0, 0));
        assertThat(Db.count(
                        "SELECT count(*) FROM scoring.outbox WHERE topic = ? AND tenant_id IN (?, ?)",
                        Topics.EVENTS_DLQ,
                        tenant,
                        other))
                .isEqualTo(2);
        assertThat(Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id IN (?, ?)", tenant, other))
                .isEqualTo(5);
    }

    private static List<InteractionEvent> events(String tenant) {
        Instant now = Instant.now();
        return List.of(
                Events.event(tenant, "a", "complaint", now.minusSeconds(20)),
                Events.event(tenant, "a", "downgrade", now.minusSeconds(10)),
                Events.event(tenant, "b", "usage", now));
    }

    /** customers, events, history rows, outbox rows, processed ids, stored next offset of the partition. */
    private static List<Long> counts(String tenant, List<InteractionEvent> ids, int partition) {
        return List.of(
                Db.count("SELECT count(*) FROM scoring.customers WHERE tenant_id = ?", tenant),
                Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant),
                Db.count("SELECT count(*) FROM scoring.score_history WHERE tenant_id = ?", tenant),
                Db.count("SELECT count(*) FROM scoring.outbox WHERE tenant_id = ?", tenant),
                Db.count("SELECT count(*) FROM scoring.processed_messages WHERE id_hash::text IN ("
                        + ids.stream()
                                .map(e -> "'" + MessageKeys.of(tenant, e.messageId()) + "'")
                                .collect(Collectors.joining(","))
                        + ")"),
                Db.count(
                        "SELECT coalesce(max(next_offset), 0) FROM scoring.consumer_offsets WHERE partition_no = ?",
                        partition));
    }

    private static int fakePartition() {
        return 1000 + ThreadLocalRandom.current().nextInt(1_000_000);
    }
}
