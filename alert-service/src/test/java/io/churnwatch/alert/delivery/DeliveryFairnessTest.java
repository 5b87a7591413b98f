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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One tenant's hanging webhook holds its own delivery slots only: another tenant's alerts go out meanwhile. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class DeliveryFairnessTest {

    @Test
    void aTenantsHangingWebhookDoesNotDelayAnotherTenantsAlerts() throws InterruptedException {
        CountDownLatch answer = new CountDownLatch(1);
        try (Receiver slow = new Receiver();
                Receiver fast = new Receiver()) {
            slow.reply("/hook", request -> {
                awaitQuietly(answer);
                return new Receiver.Reply(200, "{}");
            });
            // Both tenants' customers are owned by Ana (the owner RiskChanges sets), so each alert goes to her channel.
            TestTenants.Tenant hanging = TestTenants.create();
            String hangingChannel = Api.channel(hanging, "webhook", slow.url("/hook"), "s", true);
            Api.recipient(hanging, "Ana", "ana@cs.example", null, false, List.of(hangingChannel));
            TestTenants.Tenant prompt = TestTenants.create();
            String promptChannel = Api.channel(prompt, "webhook", fast.url("/hook"), "s", true);
            Api.recipient(prompt, "Ana", "ana@cs.example", null, false, List.of(promptChannel));

            IntStream.range(0, 10)
                    .forEach(i -> RiskChanges.send(
                            RiskChanges.change(hanging.id(), "a-" + i, 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH)));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !slow.requests("/hook").isEmpty());
            IntStream.range(0, 3)
                    .forEach(i -> RiskChanges.send(
                            RiskChanges.change(prompt.id(), "b-" + i, 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH)));

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> fast.requests("/hook").size() == 3);
            assertThat(Db.count("SELECT count(*) FROM alert.delivery_log WHERE channel_id = ?::uuid", hangingChannel))
                    .as("no request to the hanging webhook has ended yet")
                    .isZero();
            assertThat(Db.count(
                            "SELECT count(*) FROM alert.outbox WHERE tenant = ? AND state = 'sending'", hanging.id()))
                    .as("the hanging tenant's rows beyond its slots stay unclaimed")
                    .isLessThanOrEqualTo(2);

            answer.countDown();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Db.count(
                                    "SELECT count(*) FROM alert.outbox WHERE tenant = ? AND state = 'sent'",
                                    hanging.id())
                            == 10);
        } finally {
            answer.countDown();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
