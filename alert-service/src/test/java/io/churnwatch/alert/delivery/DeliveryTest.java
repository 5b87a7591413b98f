package io.churnwatch.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The outbox relay: rate-limit folding, crash recovery with the same idempotency key, retries with backoff. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class DeliveryTest {

    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void overDingTalksLimitAlertsAreFoldedIntoOneDigestNeverDropped() {
        String path = "/fold-" + UUID.randomUUID();
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "dingtalk", RECEIVER.url(path) + "?access_token=t", "SECfold", false);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        IntStream.range(0, 25)
                .forEach(i -> RiskChanges.send(
                        RiskChanges.change(tenant.id(), "cust-" + i, 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH)));
        // The channel is paused: its 25 messages wait in the outbox, then go out at once when it is enabled.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Db.count(
                                "SELECT count(*) FROM alert.outbox WHERE tenant = ? AND state = 'pending'", tenant.id())
                        == 25);
        Api.as(tenant)
                .body(Map.of("enabled", true))
                .patch("/v1/channels/" + channel)
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        Db.count("SELECT count(*) FROM alert.outbox WHERE tenant = ? AND state = 'sent'", tenant.id())
                                == 25);
        List<Receiver.Request> requests = RECEIVER.requests(path);
        assertThat(requests).hasSize(20);
        Set<String> customers = requests.stream()
                .map(r -> r.json().at("/markdown/text").asText())
                .flatMap(text -> IntStream.range(0, 25)
                        .mapToObj(i -> "cust-" + i)
                        .filter(c -> text.matches("(?s).*\\b" + c + "\\b.*")))
                .collect(Collectors.toSet());
        assertThat(customers).hasSize(25);
        List<Receiver.Request> digests = requests.stream()
                .filter(r -> r.json().at("/markdown/title").asText().contains("6 churn alerts"))
                .toList();
        assertThat(digests).hasSize(1);
        assertThat(digests.get(0).header("Idempotency-Key")).startsWith("digest-");
        assertThat(Db.count(
                        "SELECT count(DISTINCT request_id) FROM alert.delivery_log WHERE channel_id = ?::uuid",
                        channel))
                .isEqualTo(20);
    }

    @Test
    void aRowClaimedButNotMarkedSentIsResentOnceWithTheSameKey() {
        String path = "/crash-" + UUID.randomUUID();
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url(path), "s", true);
        String stale = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        // What a crash between sending and marking leaves: a row in 'sending'. One claimed long ago, one just now.
        leaveClaimed(tenant.id(), channel, stale, Duration.ofMinutes(10));
        leaveClaimed(tenant.id(), channel, fresh, Duration.ZERO);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> RECEIVER.requests(path).size() == 1);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> RECEIVER.requests(path).size() == 1);
        assertThat(RECEIVER.requests(path).get(0).header("Idempotency-Key")).isEqualTo(stale);
        assertThat(Db.text("SELECT state FROM alert.outbox WHERE idempotency_key = ?", stale))
                .isEqualTo("sent");
        assertThat(Db.text("SELECT state FROM alert.outbox WHERE idempotency_key = ?", fresh))
                .isEqualTo("sending");
        assertThat(Db.count(
                        "SELECT count(*) FROM alert.delivery_log l JOIN alert.outbox o ON o.id = l.outbox_id WHERE o.idempotency_key = ?",
                        stale))
                .isEqualTo(1);
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndEveryAttemptIsLogged() {
        String path = "/flaky-" + UUID.randomUUID();
        int[] calls = {0};
        RECEIVER.reply(path, request -> ++calls[0] <= 2 ? new Receiver.Reply(503, "") : new Receiver.Reply(200, "{}"));
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url(path), "s", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        RiskChanges.send(RiskChanges.change(tenant.id(), "hooli", 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "sent".equals(Db.text("SELECT state FROM alert.outbox WHERE tenant = ?", tenant.id())));
        List<Receiver.Request> requests = RECEIVER.requests(path);
        assertThat(requests).hasSize(3);
        assertThat(requests.stream().map(r -> r.header("Idempotency-Key")).distinct())
                .hasSize(1);
        assertThat(Db.text(
                        "SELECT string_agg(outcome || ':' || coalesce(status_code, 0), ',' ORDER BY id) FROM alert.delivery_log WHERE channel_id = ?::uuid",
                        channel))
                .isEqualTo("retry:503,retry:503,sent:200");
    }

    private static void leaveClaimed(String tenant, String channel, String key, Duration age) {
        String message = """
                {"episodeId":"%s","tenant":"%s","customerId":"crashed","kind":"churn_risk","purpose":"new","level":"HIGH","score":80,
                 "previousScore":40,"factors":[],"ownerLeft":false,"playbookSteps":[],"link":"https://churnwatch.test/inbox/episodes/x"}""".formatted(UUID.randomUUID(), tenant);
        Db.update(
                """
                INSERT INTO alert.outbox (id, tenant, episode_id, channel_id, purpose, message, idempotency_key, state, claimed_at)
                VALUES (?::uuid, ?, ?::uuid, ?::uuid, 'new', ?, ?, 'sending', now() - make_interval(secs => ?))""", UUID.randomUUID().toString(), tenant, UUID.randomUUID().toString(), channel, message, key, (double)
                        age.toSeconds());
    }
}
