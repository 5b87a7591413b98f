package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The start-up key outside the local run ({@code %test} sets only the tenant and key, as a deployment would). */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class StartupKeyTest {

    private static final String TENANT = "startup-test";
    private static final String KEY = "cw_test_startup_key_not_for_production";

    @Test
    void theStartupKeyHasNoReplayScopeByDefault() {
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .get("/admin/tenants/" + TENANT + "/keys")
                .then()
                .statusCode(200)
                .body("prefix", contains(KEY.substring(0, 7)))
                .body("[0].scopes", containsInAnyOrder("ingest", "read", "write"));
        String twoYearsAgo = Instant.now().minus(730, ChronoUnit.DAYS).toString();
        given().auth()
                .oauth2(KEY)
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c\",\"type\":\"usage\",\"timestamp\":\"" + twoYearsAgo + "\"}")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/timestamp"));
    }
}
