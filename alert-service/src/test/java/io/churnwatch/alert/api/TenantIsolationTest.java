package io.churnwatch.alert.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every /v1/ resource is scoped to the caller's tenant; secrets never come back; problems are problem+json. */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class TenantIsolationTest {

    @Test
    void anotherTenantCanNeitherSeeNorChangeAnAlertOrChannel() {
        TestTenants.Tenant owner = TestTenants.create();
        TestTenants.Tenant other = TestTenants.create();
        RiskChanges.send(RiskChanges.change(owner.id(), "acme", 40, 80, RiskLevel.MEDIUM, RiskLevel.HIGH));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.alerts(owner).size() == 1);
        String alert = (String) Api.alerts(owner).get(0).get("id");
        String channel =
                Api.channel(owner, "slack", "http://127.0.0.1:9/services/T000/B000/XXXXSECRETPATH", null, true);

        assertThat(Api.alerts(other)).isEmpty();
        Api.as(other)
                .get("/v1/alerts/" + alert)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:not-found"));
        Api.as(other).post("/v1/alerts/" + alert + "/acknowledge").then().statusCode(404);
        Api.as(other)
                .body(Map.of("outcome", "saved", "reason", "price"))
                .post("/v1/alerts/" + alert + "/resolve")
                .then()
                .statusCode(404);
        Api.as(other).get("/v1/channels/" + channel).then().statusCode(404);
        Api.as(other)
                .body(Map.of("enabled", false))
                .patch("/v1/channels/" + channel)
                .then()
                .statusCode(404);
        Api.as(other).delete("/v1/channels/" + channel).then().statusCode(404);
        assertThat(Api.as(other)
                        .get("/v1/channels")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .isEmpty();
        assertThat(Api.as(other)
                        .get("/v1/alerts/stats")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getInt("byState.open"))
                .isZero();
        Api.alert(owner, alert);
    }

    @Test
    void keysAreRequiredAndScopesEnforced() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().get("/v1/alerts").then().statusCode(401).body("type", equalTo("urn:churnwatch:problem:unauthorized"));
        given().auth().oauth2("cw_unknown").get("/v1/alerts").then().statusCode(401);
        given().auth()
                .oauth2(tenant.readOnlyKey())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x", "type", "webhook", "target", "https://93.184.216.34/"))
                .post("/v1/channels")
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:churnwatch:problem:forbidden"));
        given().auth().oauth2(tenant.readOnlyKey()).get("/v1/alerts").then().statusCode(200);
    }

    @Test
    void channelSecretsAndTargetPathsAreNeverReturned() {
        TestTenants.Tenant tenant = TestTenants.create();
        String body = Api.as(tenant)
                .body(Map.of(
                        "name",
                        "ding",
                        "type",
                        "dingtalk",
                        "target",
                        "http://127.0.0.1:9/robot/send?access_token=TOKEN42",
                        "secret",
                        "SECsecret42"))
                .post("/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .asString();
        assertThat(body)
                .doesNotContain("TOKEN42")
                .doesNotContain("SECsecret42")
                .doesNotContain("robot/send")
                .contains("\"secretSet\":true")
                .contains("\"targetHost\":\"127.0.0.1\"");
        assertThat(Api.as(tenant)
                        .get("/v1/channels")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain("TOKEN42")
                .doesNotContain("SECsecret42");
    }

    @Test
    void invalidChannelTargetsAreRefusedWithAProblem() {
        TestTenants.Tenant tenant = TestTenants.create();
        Api.as(tenant)
                .body(Map.of("name", "x", "type", "webhook", "target", "ftp://93.184.216.34/x"))
                .post("/v1/channels")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"));
        Api.as(tenant)
                .body(Map.of("name", "x", "type", "webhook"))
                .post("/v1/channels")
                .then()
                .statusCode(400);
        Api.as(tenant)
                .body(Map.of("name", "x", "type", "carrier-pigeon", "target", "https://93.184.216.34/"))
                .post("/v1/channels")
                .then()
                .statusCode(400);
    }
}
