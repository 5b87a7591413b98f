package io.churnwatch.scoring.clock;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.gaps.GapScanner;
import io.churnwatch.scoring.state.BatchScoring;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * On event time (replays of historical logs) a customer is scored at their own time: a batch at the
 * customer's latest event even when another customer moved the tenant's watermark weeks ahead, and the
 * gap scan at the customer's due time, not at the watermark.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(EventTimeTest.OnEventTime.class)
class EventTimeTest {

    public static class OnEventTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("churnwatch.scoring.clock", "event-time");
        }
    }

    private static final Instant DAY_0 = Instant.parse("2025-03-01T12:00:00Z");

    @Inject
    BatchScoring scoring;

    @Inject
    GapScanner scanner;

    @Inject
    Vertx vertx;

    @Test
    void aCustomerIsScoredAtTheirLatestEventNotAtTheWatermarkAnotherCustomerMoved() {
        String tenant = TestTenants.create().id();
        List<InteractionEvent> events = new java.util.ArrayList<>(dailyUsage(tenant, "steady", 0, 20));
        events.add(Events.event(tenant, "later", "usage", day(40)));
        process(events);

        assertThat(scoredAt(tenant, "steady")).isEqualTo(day(19));
        assertThat(Db.query(
                                "SELECT level FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'steady'",
                                tenant)
                        .get(0)
                        .get("level"))
                .as("no usage gap invented from the watermark 21 days ahead")
                .isEqualTo("LOW");
    }

    @Test
    void theGapScanScoresADueCustomerAtTheirDueTime() {
        String tenant = TestTenants.create().id();
        process(dailyUsage(tenant, "fading", 0, 20));
        Instant due = Db.query(
                                        "SELECT next_due_at FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'fading'",
                                        tenant)
                                .get(0)
                                .get("next_due_at")
                        instanceof Timestamp t
                ? t.toInstant()
                : null;
        assertThat(due).isAfter(day(19)).isBefore(day(60));
        process(List.of(Events.event(tenant, "later", "usage", day(60))));

        // Each run takes a due customer one step (to their next due time); runs repeat until nothing is due.
        int runs = 0;
        while (OnVertx.await(vertx, scanner::scan) > 0) {
            assertThat(++runs)
                    .as("scan runs until the customer catches up with the watermark")
                    .isLessThan(40);
        }

        List<Map<String, Object>> scans = Db.query(
                "SELECT scored_at FROM scoring.score_history WHERE tenant_id = ? AND customer_id = 'fading'"
                        + " AND cause = 'GAP_SCAN' ORDER BY scored_at",
                tenant);
        assertThat(scans).as("gap-scan assessments").isNotEmpty();
        assertThat(((Timestamp) scans.get(0).get("scored_at")).toInstant())
                .as("the first at the due time")
                .isEqualTo(due);
        assertThat(scans)
                .allSatisfy(row -> assertThat(((Timestamp) row.get("scored_at")).toInstant())
                        .isBefore(day(60).plusSeconds(1)));
        assertThat(Db.query(
                                "SELECT level FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'fading'",
                                tenant)
                        .get(0)
                        .get("level"))
                .as("40 days silent after daily use")
                .isNotEqualTo("LOW");
        assertThat(scans).as("one assessment per step, in time order").hasSize(runs);
    }

    private void process(List<InteractionEvent> events) {
        OnVertx.await(
                vertx,
                () -> scoring.process(
                        Events.records(1000 + ThreadLocalRandom.current().nextInt(1_000_000), events)));
    }

    private static List<InteractionEvent> dailyUsage(String tenant, String customer, int fromDay, int days) {
        return IntStream.range(fromDay, fromDay + days)
                .mapToObj(d -> Events.event(tenant, customer, "usage", day(d)))
                .toList();
    }

    private static Instant scoredAt(String tenant, String customer) {
        return ((Timestamp) Db.query(
                                "SELECT scored_at FROM scoring.customers WHERE tenant_id = ? AND customer_id = ?",
                                tenant,
                                customer)
                        .get(0)
                        .get("scored_at"))
                .toInstant();
    }

    private static Instant day(int day) {
        return DAY_0.plus(Duration.ofDays(day));
    }
}
