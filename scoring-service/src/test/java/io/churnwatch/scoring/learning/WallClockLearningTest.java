package io.churnwatch.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.scoring.clock.ScoringClock;
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
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * On the wall clock (how the service runs live), the learning round visits every tenant with customers:
 * their peers are refreshed, so models can be trained and used. (It once ran for a null tenant and failed.)
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class WallClockLearningTest {

    @Inject
    LearningJobs jobs;

    @Inject
    TenantLearning learning;

    @Inject
    ScoringClock clock;

    @Inject
    Vertx vertx;

    @Test
    void everyTenantWithCustomersGetsItsPeersOnTheWallClock() {
        String a = TestTenants.create().id();
        String b = TestTenants.create().id();
        Instant now = Instant.now();
        for (int i = 0; i < 6; i++) {
            customer(a, "a" + i, i % 2 == 0 ? "ana@cs.example" : "bo@cs.example", now.minus(3 + i, ChronoUnit.DAYS));
        }
        customer(b, "b0", null, now.minus(1, ChronoUnit.DAYS));

        assertThat(OnVertx.await(vertx, () -> Panache.withSession(clock::tenantHorizons)))
                .extracting(ScoringClock.Horizon::tenantId)
                .contains(a, b)
                .doesNotContainNull();
        OnVertx.await(vertx, jobs::run);

        assertThat(learning.customersPerOwner(a))
                .as("6 live customers, 2 owners")
                .isEqualTo(3.0);
        assertThat(learning.customersPerOwner(b)).as("no owner: one shared").isEqualTo(1.0);
        assertThat(learning.peers(a, null, 1).live()).isEqualTo(6);
    }

    private static void customer(String tenant, String id, String owner, Instant lastActivity) {
        Db.update(
                "INSERT INTO scoring.customers (tenant_id, customer_id, owner, first_seen_at, last_activity_at, activity_total, state) "
                        + "VALUES (?, ?, ?, ?, ?, 3, '{}')",
                tenant,
                id,
                owner,
                Timestamp.from(lastActivity.minus(30, ChronoUnit.DAYS)),
                Timestamp.from(lastActivity));
    }
}
