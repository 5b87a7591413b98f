package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Health, metrics and the API description that ops and integrators rely on. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class OperationsTest {

    @Test
    void readinessCoversKafkaAndTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsCountEventsByTenantTypeAndOutcomeWithoutCustomerIds() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth().oauth2(tenant.apiKey()).contentType(ContentType.JSON)
                .body("{\"events\":[{\"customerId\":\"secret-customer-42\",\"type\":\"complaint\"},"
                        + "{\"customerId\":\"c2\",\"type\":\"My Custom Thing\"},{\"type\":\"usage\"}]}")
                .post("/v1/events/batch").then().statusCode(202);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("churnwatch_ingest_events_total{outcome=\"accepted\",tenant=\"" + tenant.id() + "\",type=\"complaint\"} 1.0")
                .contains("churnwatch_ingest_events_total{outcome=\"accepted\",tenant=\"" + tenant.id() + "\",type=\"custom\"} 1.0")
                .contains("churnwatch_ingest_events_total{outcome=\"rejected\",tenant=\"" + tenant.id() + "\",type=\"unknown\"} 1.0")
                .contains("http_server_requests_seconds_bucket")
                .contains("churnwatch_ingest_kafka_ack_seconds_bucket")
                .contains("churnwatch_ingest_producer_errors_total")
                .doesNotContain("secret-customer-42");
    }

    @Test
    void theOpenApiDocumentDescribesTheEventApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/v1/events/batch"))
                .body(containsString("/admin/tenants"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
