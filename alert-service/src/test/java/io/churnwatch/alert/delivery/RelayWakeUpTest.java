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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * With both relays polling only once an hour, a risk change's notification and its AlertEvent still go out at
 * once: the consumer wakes the relays after its transaction commits.
 */
@QuarkusTest
@TestProfile(RelayWakeUpTest.HourlyPolls.class)
@WithTestResource(AlertTestResource.class)
class RelayWakeUpTest {

    /** The test profile with the relays' polls out of the way. */
    public static class HourlyPolls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("churnwatch.alert.delivery.poll-every", "1h", "churnwatch.alert.events.poll-every", "1h");
        }
    }

    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void aNotificationAndItsAlertEventGoOutRightAfterTheCommitWithoutAPoll() {
        String path = "/woken-" + UUID.randomUUID();
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "webhook", RECEIVER.url(path), "s3cret", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));

        RiskChanges.send(RiskChanges.change(tenant.id(), "acme", 40, 75, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Db.count(
                                "SELECT count(*) FROM alert.event_outbox WHERE tenant = ? AND sent_at IS NOT NULL",
                                tenant.id())
                        == 1);

        RiskChanges.send(RiskChanges.change(tenant.id(), "acme", 75, 90, RiskLevel.HIGH, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(path).size() == 2);
        assertThat(RECEIVER.requests(path).get(1).json().at("/alerts/0/purpose").asText())
                .isEqualTo("escalated");
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        Db.count("SELECT count(*) FROM alert.outbox WHERE tenant = ? AND state = 'sent'", tenant.id())
                                == 2);
    }
}
