package io.churnwatch.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The learned model end to end on the real database, on event time: a tenant's outcomes (churned events)
 * train its own model once it has enough of them, the model then scores that tenant's customers (and only
 * theirs) with a probability and explained factors.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(LearningTest.SmallTenants.class)
class LearningTest {

    public static class SmallTenants implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "churnwatch.scoring.clock",
                    "event-time",
                    "churnwatch.scoring.learning.min-churns",
                    "12",
                    "churnwatch.scoring.learning.segment-min-churns",
                    "8",
                    "churnwatch.scoring.learning.sets-levels",
                    "true",
                    "churnwatch.scoring.learning.check-every",
                    "off",
                    "churnwatch.scoring.learning.rounds",
                    "40",
                    "churnwatch.scoring.learning.snapshot-every",
                    "P2D",
                    "churnwatch.scoring.gap-scan.every",
                    "off");
        }
    }

    private static final Instant DAY_0 = Instant.parse("2025-01-06T09:00:00Z");
    private static final int CUSTOMERS = 40;

    @Inject
    BatchScoring scoring;

    @Inject
    GapScanner scanner;

    @Inject
    LearningJobs jobs;

    @Inject
    TenantLearning learning;

    @Inject
    Vertx vertx;

    @Test
    void aTenantsOutcomesTrainItsOwnModelWhichThenScoresOnlyThatTenant() {
        String a = TestTenants.create().id();
        String b = TestTenants.create().id();
        // Cold start: a few churns are not enough, the rules score.
        replay(a, 0, 40, true);
        replay(b, 0, 40, false);
        OnVertx.await(vertx, jobs::run);
        assertThat(Db.count("SELECT count(*) FROM scoring.churn_models WHERE tenant_id = ?", a))
                .isZero();
        assertThat(modelOf(a, "stayer-1")).isEqualTo("rules");

        replay(a, 40, 130, true);
        replay(b, 40, 130, false);
        OnVertx.await(vertx, jobs::run);
        assertThat(Db.count("SELECT count(*) FROM scoring.churn_models WHERE tenant_id = ?", a))
                .as("trained once the churns sufficed, retrained every 14 days of event time")
                .isGreaterThanOrEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM scoring.churn_models WHERE tenant_id = ?", b))
                .as("tenant B never posted an outcome: no model of its own, and A's is not lent to it")
                .isZero();
        assertThat(Db.count("SELECT count(*) FROM scoring.churn_snapshots WHERE tenant_id = ?", a))
                .isGreaterThan(100);

        // After training, A's customers are scored by A's model (with an explained probability), B's by the rules.
        List<InteractionEvent> fresh = new ArrayList<>();
        for (int d = 130; d < 160; d++) {
            fresh.add(Events.event(b, "new-steady", "usage", day(d)));
            for (int c = 1; c < CUSTOMERS; c += 2) {
                if (c != 3) {
                    fresh.add(Events.event(a, "stayer-" + c, "usage", day(d).plusSeconds(c)));
                }
            }
        }
        fresh.sort(Comparator.comparing(InteractionEvent::timestamp));
        process(fresh);
        scanUntilQuiet();
        assertThat(modelOf(a, "stayer-1")).matches("m[0-9]+");
        assertThat(modelOf(b, "new-steady")).isEqualTo("rules");
        assertThat(modelOf(a, "stayer-3")).matches("m[0-9]+");
        assertThat(probability(a, "stayer-3")).isBetween(0.0, 1.0);
        assertThat(Db.query(
                                "SELECT factors FROM scoring.score_history WHERE tenant_id = ? AND customer_id = 'stayer-3'"
                                        + " ORDER BY scored_at DESC LIMIT 1",
                                a)
                        .get(0)
                        .get("factors")
                        .toString())
                .as("the model's probability is explained by its features")
                .contains("\"key\":\"");
    }

    @Test
    void aSegmentWithEnoughChurnsGetsItsOwnModelAndTheOthersShareTheTenants() {
        String c = TestTenants.create().id();
        IntFunction<String> segment = n -> n < 28 ? "big" : "small";
        replay(c, 0, 130, true, segment);
        OnVertx.await(vertx, jobs::run);
        String big = label(c, "big");
        String whole = label(c, "");
        assertThat(big).as("14 churns in big: a model of its own").isNotNull();
        assertThat(whole).isNotNull().isNotEqualTo(big);
        assertThat(Db.count("SELECT count(*) FROM scoring.churn_models WHERE tenant_id = ? AND segment = 'small'", c))
                .as("6 churns in small: below the segment minimum of 8")
                .isZero();

        List<InteractionEvent> fresh = new ArrayList<>();
        for (int d = 130; d < 140; d++) {
            fresh.add(Events.event(c, "stayer-1", "usage", day(d)));
            fresh.add(Events.event(c, "stayer-31", "usage", day(d).plusSeconds(1)));
        }
        process(fresh);
        assertThat(modelOf(c, "stayer-1")).as("a big customer").isEqualTo(big);
        assertThat(modelOf(c, "stayer-31")).as("a small customer").isEqualTo(whole);
    }

    private static String label(String tenant, String segment) {
        List<Map<String, Object>> rows = Db.query(
                "SELECT max(version) AS v FROM scoring.churn_models WHERE tenant_id = ? AND segment = ?",
                tenant,
                segment);
        return rows.get(0).get("v") == null ? null : "m" + rows.get(0).get("v");
    }

    private void replay(String tenant, int fromDay, int toDay, boolean outcomes) {
        replay(tenant, fromDay, toDay, outcomes, n -> "pro");
    }

    /** Every customer uses the product every other day; leavers stop on their own day and churn 10 days later. */
    private void replay(String tenant, int fromDay, int toDay, boolean outcomes, IntFunction<String> segment) {
        List<InteractionEvent> events = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            boolean leaver = c % 2 == 0;
            String id = (leaver ? "leaver-" : "stayer-") + c;
            int stop = leaver ? 20 + 2 * c : Integer.MAX_VALUE;
            for (int d = fromDay; d < toDay; d++) {
                if (d == 0) {
                    events.add(Events.withTraits(
                            Events.event(tenant, id, "identify", day(0)),
                            new CustomerTraits(null, null, segment.apply(c), null, null, null)));
                }
                if (d < stop && (d + c) % 2 == 0) {
                    events.add(Events.event(tenant, id, "usage", day(d).plusSeconds(c)));
                }
                if (d == stop + 10 && outcomes) {
                    events.add(Events.event(tenant, id, "churned", day(d)));
                }
            }
        }
        events.sort(Comparator.comparing(InteractionEvent::timestamp));
        for (int from = 0; from < events.size(); from += 400) {
            process(events.subList(from, Math.min(events.size(), from + 400)));
            refreshPeersAndScan();
        }
    }

    private void refreshPeersAndScan() {
        OnVertx.await(vertx, jobs::run);
        scanUntilQuiet();
    }

    private void scanUntilQuiet() {
        int runs = 0;
        while (OnVertx.await(vertx, scanner::scan) > 0 && ++runs < 100) {
            // each run takes due customers one step
        }
    }

    private void process(List<InteractionEvent> events) {
        OnVertx.await(
                vertx,
                () -> scoring.process(
                        Events.records(1000 + ThreadLocalRandom.current().nextInt(1_000_000), events)));
    }

    private static String modelOf(String tenant, String customer) {
        return Db.query("SELECT state FROM scoring.customers WHERE tenant_id = ? AND customer_id = ?", tenant, customer)
                .get(0)
                .get("state")
                .toString()
                .replaceAll(".*\"modelVersion\":\"([^\"]+)\".*", "$1");
    }

    private static double probability(String tenant, String customer) {
        return ((Number) Db.query(
                                        "SELECT score FROM scoring.customers WHERE tenant_id = ? AND customer_id = ?",
                                        tenant,
                                        customer)
                                .get(0)
                                .get("score"))
                        .doubleValue()
                / 100;
    }

    private static Instant day(int d) {
        return DAY_0.plus(Duration.ofDays(d));
    }
}
