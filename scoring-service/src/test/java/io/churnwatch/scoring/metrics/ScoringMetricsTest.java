package io.churnwatch.scoring.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.OnVertx;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * /q/metrics (on the management port) exposes the tenant-level gauges the Risk and Pipeline dashboards and the
 * alerting rules read.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ScoringMetricsTest {

    @Inject
    ScoringMetrics metrics;

    @Inject
    Vertx vertx;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void gaugesCarryTenantLevelFiguresFromTheScoringState() {
        TestTenants.Tenant tenant = TestTenants.create();
        Instant now = Instant.now();
        CustomerTraits enterprise = new CustomerTraits(
                new BigDecimal("1000"), "EUR", "enterprise", "ana", LocalDate.parse("2024-01-01"), "pro");
        CustomerTraits smb =
                new CustomerTraits(new BigDecimal("50"), "EUR", "smb", "bo", LocalDate.parse("2024-01-01"), "starter");
        InteractionEvent churned = Events.event(tenant.id(), "gone", "churned", now.minusSeconds(5));
        churned = new InteractionEvent(
                churned.messageId(),
                true,
                churned.tenant(),
                churned.customerId(),
                churned.type(),
                churned.timestamp(),
                churned.receivedAt(),
                JsonNodeFactory.instance.objectNode().put("reason", "price"),
                null,
                "api");
        Events.send(List.of(
                Events.withTraits(Events.event(tenant.id(), "calm", "usage", now.minusSeconds(40)), smb),
                Events.withTraits(Events.event(tenant.id(), "gone", "usage", now.minusSeconds(40)), smb),
                churned,
                Events.withTraits(Events.event(tenant.id(), "angry", "complaint", now.minusSeconds(30)), enterprise),
                Events.event(tenant.id(), "angry", "complaint", now.minusSeconds(20)),
                Events.event(tenant.id(), "angry", "downgrade", now.minusSeconds(15)),
                Events.event(tenant.id(), "angry", "payment_failed", now.minusSeconds(10))));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant.id()) == 7);
        String angryLevel = (String) Db.query(
                        "SELECT lower(level) AS lvl FROM scoring.customers WHERE tenant_id = ? AND customer_id = 'angry'",
                        tenant.id())
                .get(0)
                .get("lvl");

        OnVertx.await(vertx, metrics::refreshDatabase);
        metrics.refreshKafka();

        String body = given().port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String t = "tenant=\"" + tenant.id() + "\"";
        // Active customers only ("gone" churned), every level present, explicit zeros included.
        assertThat(value(body, "churnwatch_scoring_customers", t, "segment=\"smb\"", "level=\"low\""))
                .isEqualTo(1.0);
        assertThat(value(
                        body,
                        "churnwatch_scoring_customers",
                        t,
                        "segment=\"enterprise\"",
                        "level=\"" + angryLevel + "\""))
                .isEqualTo(1.0);
        assertThat(value(body, "churnwatch_scoring_customers", t, "segment=\"smb\"", "level=\"critical\""))
                .isEqualTo(0.0);
        assertThat(value(
                        body,
                        "churnwatch_scoring_mrr_at_risk",
                        t,
                        "segment=\"enterprise\"",
                        "level=\"" + angryLevel + "\""))
                .isEqualTo(1000.0);
        assertThat(value(body, "churnwatch_scoring_new_high_risk_customers", t))
                .isEqualTo(List.of("high", "critical").contains(angryLevel) ? 1.0 : 0.0);
        // 1 lost of 3 acquired before the window (signup 2024): customer churn 1/3; all three are older than the
        // window.
        assertThat(value(body, "churnwatch_scoring_churn_rate", t, "formula=\"customer_churn\"", "window=\"30d\""))
                .isEqualTo(1.0 / 3);
        assertThat(value(body, "churnwatch_scoring_churn_rate", t, "formula=\"revenue_churn\""))
                .isEqualTo(50.0 / 1100);
        // Nobody was acquired inside the window: acquisition-relative churn is undefined, so absent.
        assertThat(body).doesNotContain("formula=\"acquisition_relative_churn\",tenant=\"" + tenant.id());
        // Pipeline gauges: the delay is measured, both DLQ topics reported.
        assertThat(value(body, "churnwatch_scoring_consumer_lag_seconds")).isBetween(0.0, 60.0);
        assertThat(body)
                .contains(
                        "churnwatch_scoring_consumer_lag_records{",
                        "churnwatch_scoring_consumer_position ",
                        "churnwatch_scoring_outbox_backlog ",
                        "churnwatch_scoring_outbox_oldest_seconds ",
                        "churnwatch_scoring_dlq_records{topic=\"churnwatch.events.dlq\"}",
                        "churnwatch_scoring_dlq_records{topic=\"churnwatch.risk-changes.dlq\"}");
    }

    /** The value of the one sample of this metric whose labels contain every fragment. */
    private static double value(String body, String metric, String... labelFragments) {
        List<String> lines = body.lines()
                .filter(l -> l.startsWith(metric + "{") || l.startsWith(metric + " "))
                .filter(l -> Arrays.stream(labelFragments).allMatch(l::contains))
                .toList();
        assertThat(lines)
                .as("samples of %s with %s", metric, Arrays.toString(labelFragments))
                .hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
