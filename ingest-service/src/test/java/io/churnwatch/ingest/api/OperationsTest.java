package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Health, metrics and the API description that ops and integrators rely on. Health and metrics are on the
 * management port only: metrics carry tenant ids, and the API port is the one the internet reaches.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OperationsTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void readinessCoversKafkaAndTheDatabase() {
        given().port(management.getPort())
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        given().port(management.getPort())
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAreNotOnTheApiPort() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c1\",\"type\":\"usage\"}")
                .post("/v1/events")
                .then()
                .statusCode(202);
        for (String path :
                List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started")) {
            given().get(path).then().statusCode(404);
            given().auth().oauth2(tenant.apiKey()).get(path).then().statusCode(404);
            given().port(management.getPort()).get(path).then().statusCode(200);
        }
    }

    @Test
    void metricsCountEventsByTenantTypeAndOutcomeWithoutCustomerIds() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"events\":[{\"customerId\":\"secret-customer-42\",\"type\":\"complaint\"},"
                        + "{\"customerId\":\"c2\",\"type\":\"My Custom Thing\"},{\"type\":\"usage\"}]}")
                .post("/v1/events/batch")
                .then()
                .statusCode(202);
        String metrics = given().port(management.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("churnwatch_ingest_events_total{outcome=\"accepted\",tenant=\"" + tenant.id()
                        + "\",type=\"complaint\"} 1.0")
                .contains("churnwatch_ingest_events_total{outcome=\"accepted\",tenant=\"" + tenant.id()
                        + "\",type=\"custom\"} 1.0")
                .contains("churnwatch_ingest_events_total{outcome=\"rejected\",tenant=\"" + tenant.id()
                        + "\",type=\"unknown\"} 1.0")
                .contains("http_server_requests_seconds_bucket")
                .contains("churnwatch_ingest_kafka_ack_seconds_bucket")
                .contains("churnwatch_ingest_producer_errors_total")
                .doesNotContain("secret-customer-42");
    }

    @Test
    void theOpenApiDocumentDescribesTheEventApi() {
        given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body(containsString("/v1/events/batch"))
                .body(containsString("/admin/tenants"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
