package io.churnwatch.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.scoring.metrics.ScoringMetrics;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metrics name tenants, segments and MRR at risk: they and health are served on the management port, and the API
 * port answers 404 for them, with or without an API key.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ScoringOperationsPortTest {

    private static final List<String> OPERATIONS_PATHS =
            List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started");

    @Inject
    ScoringMetrics metrics;

    @Inject
    Vertx vertx;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void tenantFiguresAndHealthAreOnTheManagementPortOnly() {
        TestTenants.Tenant tenant = TestTenants.create();
        CustomerTraits traits = new CustomerTraits(
                new BigDecimal("4321"), "EUR", "secret-segment", "ana", LocalDate.parse("2024-01-01"), "pro");
        Events.send(List.of(Events.withTraits(Events.event(tenant.id(), "c1", "complaint", Instant.now()), traits)));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", tenant.id()) == 1);
        OnVertx.await(vertx, metrics::refreshDatabase);

        String body = given().port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(body).contains("tenant=\"" + tenant.id() + "\"").contains("segment=\"secret-segment\"");
        for (String path : OPERATIONS_PATHS) {
            given().get(path).then().statusCode(404);
            given().auth().oauth2(tenant.apiKey()).get(path).then().statusCode(404);
            given().port(management.getPort()).get(path).then().statusCode(200);
        }
    }
}
