package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AuthenticationTest {

    private static final String EVENT = "{\"customerId\":\"c1\",\"type\":\"usage\"}";

    @Test
    void withoutCredentialsTheAnswerIs401ProblemJson() {
        given().contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", notNullValue())
                .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
    }

    @Test
    void anUnknownBearerKeyIs401() {
        given().auth()
                .oauth2("cw_not_a_real_key")
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(401)
                .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
    }

    @Test
    void aKeyIsAcceptedAsBearerOrAsBasicUserName() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202);
        String basic = Base64.getEncoder().encodeToString((tenant.apiKey() + ":").getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", "Basic " + basic)
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void malformedAuthorizationHeadersAre401() {
        for (String header : List.of("Basic !!!not-base64", "Bearer ", "Token abc", "Basic " + "QQ==".repeat(200))) {
            given().header("Authorization", header)
                    .contentType(ContentType.JSON)
                    .body(EVENT)
                    .post("/v1/events")
                    .then()
                    .statusCode(401)
                    .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
        }
    }

    @Test
    void aRevokedKeyStopsWorking() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .delete("/admin/tenants/" + tenant.id() + "/keys/" + tenant.keyId())
                .then()
                .statusCode(204);
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .delete("/admin/tenants/" + tenant.id() + "/keys/" + tenant.keyId())
                .then()
                .statusCode(404)
                .body("type", equalTo("urn:churnwatch:problem:not-found"));
    }

    @Test
    void aKeyWithoutTheIngestScopeCannotPostEvents() {
        TestTenants.Tenant reader = TestTenants.create(Map.of(), false, List.of("read"));
        given().auth()
                .oauth2(reader.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(403)
                .body("type", equalTo("urn:churnwatch:problem:forbidden"));
    }

    @Test
    void theAdminApiNeedsTheAdminTokenNotATenantKey() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().get("/admin/tenants").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(tenant.apiKey()).get("/admin/tenants").then().statusCode(401);
        given().auth().oauth2("wrong-admin-token").get("/admin/tenants").then().statusCode(401);
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .get("/admin/tenants")
                .then()
                .statusCode(200)
                .body("id", hasItem(tenant.id()));
    }

    @Test
    void keysAreStoredHashedAndNeverListed() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .get("/admin/tenants/" + tenant.id() + "/keys")
                .then()
                .statusCode(200)
                .body("id", hasItem(tenant.keyId()))
                .body("key", everyItem(nullValue()))
                .body("prefix", everyItem(equalTo(tenant.apiKey().substring(0, 7))))
                .body(not(org.hamcrest.Matchers.containsString(tenant.apiKey())));
    }

    @Test
    void adminValidationErrorsNameTheField() {
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("id", "Not Valid!", "name", "x"))
                .post("/admin/tenants")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"))
                .body("errors[0].pointer", equalTo("/id"));
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("id", tenant.id(), "name", "again"))
                .post("/admin/tenants")
                .then()
                .statusCode(409)
                .body("type", equalTo("urn:churnwatch:problem:conflict"));
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("scopes", List.of("superuser")))
                .post("/admin/tenants/" + tenant.id() + "/keys")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"));
        given().auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"id\":")
                .post("/admin/tenants")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:churnwatch:problem:malformed-json"));
    }
}
