package io.churnwatch.alert.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metrics name tenants: they and health are served on the management port, and the API port answers 404 for
 * them, with or without an API key.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class AlertOperationsPortTest {

    private static final List<String> OPERATIONS_PATHS =
            List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started");

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void tenantMetricsAndHealthAreOnTheManagementPortOnly() {
        TestTenants.Tenant tenant = TestTenants.create();
        RiskChanges.send(RiskChanges.change(tenant.id(), "portco", 40, 92, RiskLevel.MEDIUM, RiskLevel.CRITICAL));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(tenant).size() == 1);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(given().port(management.getPort())
                                .get("/q/metrics")
                                .then()
                                .statusCode(200)
                                .extract()
                                .asString())
                        .contains("tenant=\"" + tenant.id() + "\""));
        for (String path : OPERATIONS_PATHS) {
            given().get(path).then().statusCode(404);
            given().auth().oauth2(tenant.apiKey()).get(path).then().statusCode(404);
            given().port(management.getPort()).get(path).then().statusCode(200);
        }
    }
}
