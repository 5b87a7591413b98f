package io.churnwatch.scoring.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The churns the learning code and the metrics read: both sources' churned outcomes within the window (30 days) are
 * one churn, a won_back ends it, and {@code until} is event time: what was known then, whatever arrived later.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OutcomeRepositoryTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Inject
    OutcomeRepository outcomes;

    @Inject
    Vertx vertx;

    @Test
    void churnsFromBothSourcesAreMergedWithinTheWindowAndEndedByAWinBack() {
        String tenant = TestTenants.create().id();
        // Inserted out of event-time order on purpose.
        insert(tenant, "a", "won_back", days(40), null, "event");
        insert(tenant, "a", "churned", days(5), "competitor", "resolution");
        insert(tenant, "a", "churned", days(0), "price", "event");
        insert(tenant, "a", "churned", days(60), null, "event");
        insert(tenant, "b", "churned", days(0), "price", "event");
        insert(tenant, "b", "churned", days(45), "support", "resolution");
        insert(tenant, "c", "saved", days(1), "service", "resolution");
        insert(tenant, "c", "won_back", days(2), null, "event");
        insert(TestTenants.create().id(), "a", "churned", days(1), null, "event");

        assertThat(churns(tenant, days(100)))
                .containsExactly(
                        new Churn("a", days(0), days(40), "competitor"),
                        new Churn("a", days(60), null, null),
                        new Churn("b", days(0), null, "price"),
                        new Churn("b", days(45), null, "support"));
        assertThat(churns(tenant, days(4)))
                .containsExactly(new Churn("a", days(0), null, "price"), new Churn("b", days(0), null, "price"));
        assertThat(count(tenant, days(0))).isEqualTo(4);
        assertThat(count(tenant, days(1))).isEqualTo(2);
        assertThat(count(tenant, days(61))).isZero();
    }

    private List<Churn> churns(String tenant, Instant until) {
        return OnVertx.await(vertx, () -> Panache.withSession(() -> outcomes.churns(tenant, until)));
    }

    private long count(String tenant, Instant since) {
        return OnVertx.await(vertx, () -> Panache.withSession(() -> outcomes.countSince(tenant, since)));
    }

    private static Instant days(int n) {
        return T.plusSeconds(n * 86_400L);
    }

    private static void insert(String tenant, String customer, String kind, Instant at, String reason, String source) {
        Db.update(
                "INSERT INTO scoring.outcomes (tenant_id, customer_id, kind, occurred_at, reason, source, source_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                tenant,
                customer,
                kind,
                Timestamp.from(at),
                reason,
                source,
                UUID.randomUUID().toString());
    }
}
