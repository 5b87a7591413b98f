package io.churnwatch.scoring.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** A refused policy is a 400 problem that names each offending member (a JSON pointer) and why; nothing is stored. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class PolicyValidationTest {

    private static final String THRESHOLDS =
            "\"thresholds\":{\"enterMedium\":40,\"leaveMedium\":30,\"enterHigh\":70,\"leaveHigh\":%s,"
                    + "\"enterCritical\":85,\"leaveCritical\":78}";

    @Test
    void hugeScaleAndPAlivePointsAreRefusedWithTheValueAndTheBound() {
        TestTenants.Tenant tenant = TestTenants.create();
        put(tenant, "{\"tenantDefault\":{\"scale\":1e300,\"pAliveMaxPoints\":1e308}}")
                .body("errors.pointer", contains("/tenantDefault/pAliveMaxPoints", "/tenantDefault/scale"))
                .body("errors[1].message", containsString("1000"))
                .body("errors[1].message", containsString("1.0E300"));
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/policies")
                .then()
                .statusCode(200)
                .body("tenantDefault", equalTo(null));
    }

    @Test
    void aLeaveThresholdAboveItsEnterThresholdIsNamed() {
        put(TestTenants.create(), "{\"tenantDefault\":{" + THRESHOLDS.formatted("75") + "}}")
                .body("errors.pointer", hasItem("/tenantDefault/thresholds/leaveHigh"))
                .body("errors.message", hasItem(containsString("enterHigh")));
    }

    @Test
    void aStringWhereANumberBelongsIsNamedNotCalledMalformedJson() {
        put(TestTenants.create(), "{\"segments\":{\"smb\":{\"scale\":\"big\"}}}")
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"))
                .body("errors.pointer", contains("/segments/smb/scale"))
                .body("errors[0].message", containsString("number"))
                .body("detail", not(containsString("java.")));
    }

    @Test
    void membersThatDependOnTheInheritedRuleAreNamedToo() {
        put(
                        TestTenants.create(),
                        "{\"segments\":{\"smb\":{\"usageGap\":{\"steps\":[{\"ratio\":3,\"points\":40},{\"ratio\":2,\"points\":90}]}}}}")
                .body("errors.pointer", contains("/segments/smb/usageGap"))
                .body("errors[0].message", containsString("ascend"));
        put(TestTenants.create(), "{\"segments\":{\"a/b\":{\"engagement\":{\"recentHalfLifeDays\":90}}}}")
                .body("errors.pointer", contains("/segments/a~1b/engagement"));
    }

    @Test
    void everyMemberOutOfRangeIsListed() {
        put(TestTenants.create(), """
                {"tenantDefault":{"weights":{"complaint":{"points":15,"halfLifeDays":0,"cap":-1}},
                 "usageGap":{"smoothing":2,"steps":[{"ratio":-1,"points":5}]},"nps":{"promoterPointsAtTen":5},
                 "learning":{"targetPrecision":1.5}}}""")
                .body(
                        "errors.pointer",
                        hasItems(
                                "/tenantDefault/weights/complaint/halfLifeDays",
                                "/tenantDefault/weights/complaint/cap",
                                "/tenantDefault/usageGap/smoothing",
                                "/tenantDefault/usageGap/steps/0/ratio",
                                "/tenantDefault/nps/promoterPointsAtTen",
                                "/tenantDefault/learning/targetPrecision"));
    }

    @Test
    void aMissingBodyIsNamed() {
        given().auth()
                .oauth2(TestTenants.create().apiKey())
                .contentType(ContentType.JSON)
                .put("/v1/policies")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/"));
    }

    private static ValidatableResponse put(TestTenants.Tenant tenant, String body) {
        return given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .put("/v1/policies")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }
}
