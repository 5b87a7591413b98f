package io.churnwatch.alert.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Routing rules: owner first, round robin in the team without one, reassignment when the owner left, escalation to a manager. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class RoutingTest {

    private static final Receiver RECEIVER = new Receiver();

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    @Test
    void teamMembersTakeTurnsAndALeftOwnerIsReassignedAndFlagged() {
        String prefix = "/rr-" + UUID.randomUUID();
        TestTenants.Tenant tenant = TestTenants.create();
        String ownerChannel = Api.channel(tenant, "webhook", RECEIVER.url(prefix + "/owner"), "s", true);
        String firstChannel = Api.channel(tenant, "webhook", RECEIVER.url(prefix + "/bo"), "s", true);
        String secondChannel = Api.channel(tenant, "webhook", RECEIVER.url(prefix + "/cy"), "s", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(ownerChannel));
        Api.recipient(tenant, "Bo", "bo@cs.example", "cs-team", false, List.of(firstChannel));
        Api.recipient(tenant, "Cy", "cy@cs.example", "cs-team", false, List.of(secondChannel));
        Api.rule(tenant, Map.of("name", "enterprise", "minLevel", "high", "segment", "enterprise", "team", "cs-team"));

        for (int i = 0; i < 3; i++) {
            RiskChanges.send(RiskChanges.withOwner(
                    RiskChanges.change(tenant.id(), "no-owner-" + i, 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH),
                    null,
                    false));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(prefix + "/bo").size()
                                + RECEIVER.requests(prefix + "/cy").size()
                        == 3);
        assertThat(RECEIVER.requests(prefix + "/bo")).hasSize(2);
        assertThat(RECEIVER.requests(prefix + "/cy")).hasSize(1);

        RiskChanges.send(RiskChanges.change(tenant.id(), "owned", 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(prefix + "/owner").size() == 1);

        RiskChange left = RiskChanges.withOwner(
                RiskChanges.change(tenant.id(), "owned", 80, 82, RiskLevel.HIGH, RiskLevel.HIGH),
                "ana@cs.example",
                true);
        RiskChanges.send(left);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(prefix + "/cy").size() == 2);
        String text =
                RECEIVER.requests(prefix + "/cy").get(1).json().get("text").asText();
        assertThat(text).contains("owner ana@cs.example LEFT, reassigned to Cy <cy@cs.example> (flagged)");
        Map<String, Object> alert = Api.alerts(tenant).stream()
                .filter(a -> "owned".equals(a.get("customerId")))
                .findFirst()
                .orElseThrow();
        assertThat(alert).containsEntry("ownerLeft", true);
    }

    @Test
    void anUnacknowledgedEpisodeEscalatesToTheManagerOnce() {
        String prefix = "/esc-" + UUID.randomUUID();
        TestTenants.Tenant tenant = TestTenants.create();
        String ownerChannel = Api.channel(tenant, "webhook", RECEIVER.url(prefix + "/owner"), "s", true);
        String managerChannel = Api.channel(tenant, "webhook", RECEIVER.url(prefix + "/manager"), "s", true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(ownerChannel));
        String manager = Api.recipient(tenant, "Max", "max@cs.example", null, true, List.of(managerChannel));
        Api.rule(
                tenant, Map.of("name", "all high", "minLevel", "HIGH", "escalateAfter", "PT2S", "escalateTo", manager));

        RiskChanges.send(RiskChanges.change(tenant.id(), "ignored-customer", 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH));
        RiskChanges.send(RiskChanges.change(tenant.id(), "handled-customer", 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(prefix + "/owner").size() == 2);
        String handled = Api.alerts(tenant).stream()
                .filter(a -> "handled-customer".equals(a.get("customerId")))
                .findFirst()
                .orElseThrow()
                .get("id")
                .toString();
        Api.as(tenant).post("/v1/alerts/" + handled + "/acknowledge").then().statusCode(200);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> RECEIVER.requests(prefix + "/manager").size() == 1);
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(6))
                .until(() -> RECEIVER.requests(prefix + "/manager").size() == 1);
        var escalation = RECEIVER.requests(prefix + "/manager").get(0).json();
        assertThat(escalation.at("/alerts/0/customerId").asText()).isEqualTo("ignored-customer");
        assertThat(escalation.at("/alerts/0/purpose").asText()).isEqualTo("unacknowledged");
    }
}
