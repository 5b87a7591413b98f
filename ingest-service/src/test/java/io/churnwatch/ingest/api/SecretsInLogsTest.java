package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** API keys and the admin token never appear in the service's log or in any answer, whatever the request does with them. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class SecretsInLogsTest {

    private static final Path LOG = Path.of("target/test-service.log");

    @Test
    void keysAndTheAdminTokenNeverReachTheLogOrAnAnswer() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String key = tenant.apiKey();
        String basic = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        StringBuilder answers = new StringBuilder();
        answers.append(given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c\",\"type\":\"usage\"}")
                .post("/v1/events")
                .asString());
        answers.append(given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + key + "\",\"tenant\":\"" + key + "\"}")
                .post("/v1/events")
                .asString());
        answers.append(given().header("Authorization", basic)
                .contentType(ContentType.JSON)
                .body("{\"batch\":[{\"type\":\"track\"}]}")
                .post("/v1/batch")
                .asString());
        answers.append(given().contentType(ContentType.JSON)
                .body("{\"writeKey\":\"" + key
                        + "x\",\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}]}")
                .post("/v1/import")
                .asString());
        answers.append(given().auth()
                .oauth2(key + "x")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/v1/events")
                .asString());
        answers.append(given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .get("/admin/tenants/" + tenant.id() + "/keys")
                .asString());
        answers.append(given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN + "x")
                .get("/admin/tenants")
                .asString());
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .delete("/admin/tenants/" + tenant.id() + "/keys/" + tenant.keyId())
                .then()
                .statusCode(204);
        answers.append(given().auth()
                .oauth2(key)
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c\",\"type\":\"usage\"}")
                .post("/v1/events")
                .asString());

        assertThat(Files.exists(LOG))
                .as("the test profile writes the service log to %s", LOG)
                .isTrue();
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log)
                .as("the log captured this test's requests")
                .contains("POST /v1/events")
                .contains("Rejected an unknown or revoked API key");
        String secret = key.substring(3);
        assertThat(log).doesNotContain(secret).doesNotContain(TestTenants.ADMIN_TOKEN);
        assertThat(answers.toString().replace("\"customerId\"", "")).doesNotContain(TestTenants.ADMIN_TOKEN);
        assertThat(answers.toString()).doesNotContain(secret);
    }
}
