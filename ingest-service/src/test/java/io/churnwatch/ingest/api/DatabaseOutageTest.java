package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (bench/chaos): while PostgreSQL was unreachable, a request whose API key was not in the cache (never
 * seen, or its 30 s had run out) got 500, because the key lookup's failure reached the catch-all mapper; so did a
 * Segment call with its write key in the body. It is an outage like any other: 503 with Retry-After, and the retry is
 * accepted once the database is back.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class DatabaseOutageTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void databaseIsBack() {
        DevStack.shared().postgres().start();
    }

    @Test
    void aKeyThatCannotBeLookedUpGets503WithRetryAfterNot500() {
        TestTenants.Tenant tenant = TestTenants.create();
        String event = "{\"messageId\":\"db-outage-1\",\"customerId\":\"c1\",\"type\":\"usage\"}";

        DevStack.shared().postgres().stop();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(event)
                .post("/v1/events")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:churnwatch:problem:unavailable"));

        given().contentType(ContentType.JSON)
                .body("{\"writeKey\":\"" + tenant.apiKey()
                        + "\",\"batch\":[{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Usage\"}]}")
                .post("/v1/batch")
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:churnwatch:problem:unavailable"));

        DevStack.shared().postgres().start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> given().auth()
                                .oauth2(tenant.apiKey())
                                .contentType(ContentType.JSON)
                                .body(event)
                                .post("/v1/events")
                                .statusCode()
                        == 202);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> given().port(management.getPort())
                                .get("/q/health/ready")
                                .statusCode()
                        == 200);
    }
}
