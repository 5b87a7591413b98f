package io.churnwatch.scoring.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.MutableClock;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Silence raises risk with no event at all: move the injectable clock, run the scan. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class GapScanTest {

    @Inject
    GapScanner scanner;

    @Inject
    MutableClock clock;

    @Inject
    Vertx vertx;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void sixteenSilentDaysRaiseAUsageGapRiskChangeWithoutAnyEvent() {
        String tenant = TestTenants.create().id();
        Instant now = Instant.now();
        Events.send(List.of(Events.event(tenant, "quiet", "usage", now), Events.event(tenant, "busy", "usage", now)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM scoring.customers WHERE tenant_id = ? AND next_due_at IS NOT NULL",
                                tenant)
                        == 2);
        Db.update(
                "UPDATE scoring.customers SET next_due_at = now() + interval '100 days' WHERE tenant_id = ? AND customer_id = 'busy'",
                tenant);
        assertThat(riskOf(tenant, "quiet")).containsExactly("LOW", 0L);

        clock.advance(Duration.ofDays(16));
        int rescored = OnVertx.await(vertx, scanner::scan);

        assertThat(rescored).isPositive();
        assertThat(riskOf(tenant, "quiet")).containsExactly("MEDIUM", 1L);
        assertThat(historyCount(tenant, "busy")).isEqualTo(1);
        var change = Db.query("SELECT payload FROM scoring.outbox WHERE tenant_id = ?", tenant);
        assertThat(change).hasSize(1);
        assertThat(new String((byte[]) change.get(0).get("payload")))
                .contains("\"usage_gap\"")
                .contains("day10_checkin");
        java.sql.Timestamp nextDue = (java.sql.Timestamp) Db.query(
                        "SELECT next_due_at FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'quiet'",
                        tenant)
                .get(0)
                .get("next_due_at");
        assertThat(nextDue.toInstant()).isAfter(clock.instant());

        assertThat(OnVertx.await(vertx, scanner::scan)).isZero();
        assertThat(historyCount(tenant, "quiet")).isEqualTo(2);
    }

    private static List<Object> riskOf(String tenant, String customer) {
        var row = Db.query(
                        "SELECT level FROM scoring.customers WHERE tenant_id = ? AND customer_id = ?", tenant, customer)
                .get(0);
        long gapScans = Db.count(
                "SELECT count(*) FROM scoring.score_history WHERE tenant_id = ? AND customer_id = ? AND cause = 'GAP_SCAN'",
                tenant,
                customer);
        return List.of(row.get("level"), gapScans);
    }

    private static long historyCount(String tenant, String customer) {
        return Db.count(
                "SELECT count(*) FROM scoring.score_history WHERE tenant_id = ? AND customer_id = ?", tenant, customer);
    }
}
