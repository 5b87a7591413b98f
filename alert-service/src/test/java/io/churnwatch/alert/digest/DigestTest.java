package io.churnwatch.alert.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Daily and weekly digests per recipient: the right window, ranked by priority, sent once per day through the outbox. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class DigestTest {

    private static final Receiver RECEIVER = new Receiver();

    @Inject
    DigestService digests;

    private static RiskChange valued(TestTenants.Tenant tenant, String customer, double score, double priority) {
        RiskChange c = RiskChanges.change(tenant.id(), customer, 40, score, RiskLevel.MEDIUM, RiskLevel.HIGH);
        return new RiskChange(
                c.changeId(),
                c.tenant(),
                c.customerId(),
                c.oldScore(),
                c.newScore(),
                c.oldLevel(),
                c.newLevel(),
                c.topFactors(),
                new BigDecimal("500.00"),
                c.tenureDays(),
                c.pAlive(),
                priority,
                c.playbooks(),
                c.segment(),
                c.owner(),
                c.ownerLeft(),
                c.eventTime());
    }

    /** Three customers of Ana's: "quiet" was acknowledged three days ago, so only the weekly digest lists it. */
    private static String[] arrange(String path) {
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url(path), "s3cret", true);
        String ana = Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        RiskChanges.send(valued(tenant, "small", 90, 40));
        RiskChanges.send(valued(tenant, "big", 70, 95));
        RiskChanges.send(valued(tenant, "quiet", 80, 99));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(tenant).size() == 3);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 3);
        Db.update(
                "UPDATE alert.episodes SET state = 'ACKNOWLEDGED', acknowledged_at = now() - interval '3 days', updated_at = now() - interval '3 days' "
                        + "WHERE tenant = ? AND customer_id = 'quiet'",
                tenant.id());
        return new String[] {tenant.id(), tenant.apiKey(), ana, tenant.readOnlyKey()};
    }

    @Test
    void dailyListsTheLastDayWeeklyTheLastWeekBothByPriority() {
        String[] t = arrange("/digest-preview-" + UUID.randomUUID());
        TestTenants.Tenant tenant = new TestTenants.Tenant(t[0], t[1], t[3]);
        var daily = Api.as(tenant)
                .get("/v1/recipients/" + t[2] + "/digest?period=daily")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(daily.getList("items.customerId")).containsExactly("big", "small");
        assertThat(daily.getString("period")).isEqualTo("daily");
        assertThat(daily.getString("items[0].topFactor")).isEqualTo("3 complaints this week: +22");
        var weekly = Api.as(tenant)
                .get("/v1/recipients/" + t[2] + "/digest?period=weekly")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(weekly.getList("items.customerId")).containsExactly("quiet", "big", "small");
        Api.as(tenant)
                .get("/v1/recipients/" + t[2] + "/digest?period=hourly")
                .then()
                .statusCode(400);
    }

    @Test
    void theDailyJobSendsOneDigestPerRecipientAndDay() throws Throwable {
        String path = "/digest-send-" + UUID.randomUUID();
        String[] t = arrange(path);
        TestTenants.Tenant tenant = new TestTenants.Tenant(t[0], t[1], t[3]);
        Api.as(tenant)
                .body(Map.of("digest", "daily"))
                .patch("/v1/recipients/" + t[2])
                .then()
                .statusCode(200)
                .body("digest", org.hamcrest.Matchers.equalTo("daily"));
        Api.as(tenant)
                .body(Map.of("digest", "monthly"))
                .patch("/v1/recipients/" + t[2])
                .then()
                .statusCode(400);
        int before = RECEIVER.requests(path).size();
        assertThat(VertxContextSupport.subscribeAndAwait(() -> digests.enqueue(DigestService.Period.DAILY)))
                .isPositive();
        // a second instance, or a rerun, the same day: nothing new
        VertxContextSupport.subscribeAndAwait(() -> digests.enqueue(DigestService.Period.DAILY));
        // Ana asked for daily digests only
        VertxContextSupport.subscribeAndAwait(() -> digests.enqueue(DigestService.Period.WEEKLY));
        {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> RECEIVER.requests(path).size() == before + 1);
            assertThat(Db.count(
                            "SELECT count(*) FROM alert.outbox WHERE tenant = ? AND purpose = 'digest'", tenant.id()))
                    .isEqualTo(1);
            var body = RECEIVER.requests(path).get(before).json();
            assertThat(body.at("/type").asText()).isEqualTo("churnwatch.alert.digest");
            assertThat(body.at("/text").asText())
                    .startsWith("Daily churn digest for Ana: 2 customers, most urgent first");
            assertThat(body.at("/alerts/0/customerId").asText()).isEqualTo("big");
            assertThat(body.at("/alerts/1/customerId").asText()).isEqualTo("small");
        }
    }
}
