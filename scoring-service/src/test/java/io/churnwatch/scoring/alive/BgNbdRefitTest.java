package io.churnwatch.scoring.alive;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The periodic refit stores a per-tenant BG/NBD model from the customers' activity summaries. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class BgNbdRefitTest {

    @Inject
    BgNbdRefit refit;

    @Inject
    Vertx vertx;

    @Test
    void aTenantWithRepeatActivityGetsAModel() {
        String tenant = TestTenants.create().id();
        Instant now = Instant.now();
        for (int i = 0; i < 40; i++) {
            Instant first = now.minus(200 - i, ChronoUnit.DAYS);
            Instant last = first.plus((i * 7L) % 150, ChronoUnit.DAYS);
            Db.update(
                    "INSERT INTO scoring.customers (tenant_id, customer_id, first_activity_at, last_activity_at, activity_days, state) "
                            + "VALUES (?, ?, ?, ?, ?, '{}')",
                    tenant,
                    "c" + i,
                    Timestamp.from(first),
                    Timestamp.from(last),
                    1 + (i % 9));
        }

        assertThat(OnVertx.await(vertx, () -> refit.refit(tenant, now))).isTrue();

        var fit = Db.query("SELECT r, alpha, a, b, customers FROM scoring.bgnbd_fits WHERE tenant_id = ?", tenant);
        assertThat(fit).hasSize(1);
        assertThat(fit.get(0).get("customers")).isEqualTo(40);
        assertThat((Double) fit.get(0).get("r")).isPositive();
    }

    @Test
    void aReplayedTenantIsFittedOnItsEventTimeNotTheWallClock() {
        String tenant = TestTenants.create().id();
        Instant eventTime = Instant.parse("2013-03-01T00:00:00Z");
        for (int i = 0; i < 40; i++) {
            Instant first = eventTime.minus(200 - i, ChronoUnit.DAYS);
            Instant last = first.plus((i * 7L) % 150, ChronoUnit.DAYS);
            Db.update(
                    "INSERT INTO scoring.customers (tenant_id, customer_id, first_activity_at, last_activity_at, activity_days, state) "
                            + "VALUES (?, ?, ?, ?, ?, '{}')",
                    tenant,
                    "c" + i,
                    Timestamp.from(first),
                    Timestamp.from(last),
                    1 + (i % 9));
        }

        assertThat(OnVertx.await(vertx, () -> refit.refit(tenant, eventTime))).isTrue();
        var atEventTime = Db.query(
                        "SELECT r, alpha, a, b, fitted_at FROM scoring.bgnbd_fits WHERE tenant_id = ?", tenant)
                .get(0);
        assertThat(((Timestamp) atEventTime.get("fitted_at")).toInstant()).isEqualTo(eventTime);
        assertThat(BgNbdRefit.isDue(eventTime, eventTime.plus(6, ChronoUnit.DAYS), java.time.Duration.ofDays(7)))
                .isFalse();
        assertThat(BgNbdRefit.isDue(eventTime, eventTime.plus(7, ChronoUnit.DAYS), java.time.Duration.ofDays(7)))
                .isTrue();

        assertThat(OnVertx.await(vertx, () -> refit.refit(tenant, Instant.now())))
                .isTrue();
        var atWallTime = Db.query("SELECT alpha FROM scoring.bgnbd_fits WHERE tenant_id = ?", tenant)
                .get(0);
        assertThat((Double) atWallTime.get("alpha"))
                .as("customers aged to today look like a different population")
                .isNotEqualTo(atEventTime.get("alpha"));
    }
}
