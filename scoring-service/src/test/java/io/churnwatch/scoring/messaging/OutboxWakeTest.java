package io.churnwatch.scoring.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.churnwatch.scoring.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the relay's schedule an hour apart, a risk change still leaves at once: the consumer wakes the relay after its commit. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(OutboxWakeTest.HourlySchedule.class)
class OutboxWakeTest {

    public static class HourlySchedule implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("churnwatch.scoring.outbox.every", "1h");
        }
    }

    @Test
    void aCommittedBatchSendsItsRiskChangeWithoutWaitingForTheSchedule() {
        String tenant = TestTenants.create().id();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // The hourly round runs once at start-up; this batch arrives after it.
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        Events.send(List.of(
                Events.event(tenant, "acme", "complaint", now.minus(2, ChronoUnit.HOURS)),
                Events.event(tenant, "acme", "complaint", now.minus(1, ChronoUnit.HOURS)),
                Events.event(tenant, "acme", "payment_failed", now.minus(30, ChronoUnit.MINUTES))));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> !TopicReader.ofTenant(Topics.RISK_CHANGES, tenant).isEmpty());
        assertThat(TopicReader.ofTenant(Topics.RISK_CHANGES, tenant))
                .allMatch(change -> change.key().equals(tenant + ":acme"));
    }
}
