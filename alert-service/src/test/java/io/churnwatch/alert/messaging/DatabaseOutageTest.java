package io.churnwatch.alert.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.DeadLetters;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.devstack.DevStack;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for longer than any fixed retry budget while a risk change arrives: the change
 * waits for the database and becomes an episode; nothing goes to the dead-letter topic.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class DatabaseOutageTest {

    @AfterEach
    void databaseIsBack() {
        DevStack.shared().postgres().start();
    }

    @Test
    void aRiskChangeDuringADatabaseOutageBecomesAnEpisodeAfterwardsAndIsNotDeadLettered() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();

        DevStack.shared().postgres().stop();
        RiskChanges.send(RiskChanges.change(tenant.id(), "acme", 40, 82, RiskLevel.MEDIUM, RiskLevel.HIGH));
        Thread.sleep(Duration.ofSeconds(10).toMillis());
        DevStack.shared().postgres().start();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.count(
                                "SELECT count(*) FROM alert.episodes WHERE tenant = ? AND customer_id = 'acme'",
                                tenant.id())
                        == 1);
        assertThat(DeadLetters.ofTenant(tenant.id())).isEmpty();
    }
}
