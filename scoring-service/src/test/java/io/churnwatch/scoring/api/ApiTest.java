package io.churnwatch.scoring.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The REST API over a real pipeline: risk, timeline, list, tenant isolation, bad parameters, policies, churn metrics. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void riskTimelineAndListAreScopedToTheCallersTenant() {
        TestTenants.Tenant a = TestTenants.create();
        TestTenants.Tenant b = TestTenants.create();
        Instant now = Instant.now();
        Events.send(List.of(
                Events.withTraits(
                        Events.event(a.id(), "acme", "identify", now.minusSeconds(30)),
                        new CustomerTraits(
                                new BigDecimal("2000"),
                                "EUR",
                                "enterprise",
                                "ana",
                                LocalDate.parse("2022-01-01"),
                                "pro")),
                Events.event(a.id(), "acme", "complaint", now.minusSeconds(20)),
                Events.event(a.id(), "acme", "downgrade", now.minusSeconds(10)),
                Events.event(a.id(), "calm", "usage", now)));
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", a.id()) == 4);

        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/customers/acme/risk")
                .then()
                .statusCode(200)
                .body("customerId", equalTo("acme"))
                .body("level", equalTo("MEDIUM"))
                .body("score", greaterThan(40f))
                .body("factors.key", contains("downgrade", "complaint"))
                .body("segment", equalTo("enterprise"));
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/customers/acme/timeline")
                .then()
                .statusCode(200)
                .body("events.type", contains("identify", "complaint", "downgrade"))
                .body("scores", hasSize(greaterThan(0)));
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/customers?sort=priority")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("items.customerId", contains("acme", "calm"));
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/customers?level=medium&segment=enterprise")
                .then()
                .statusCode(200)
                .body("items.customerId", contains("acme"));

        given().auth()
                .oauth2(b.apiKey())
                .get("/v1/customers/acme/risk")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:not-found"));
        given().auth()
                .oauth2(b.apiKey())
                .get("/v1/customers/acme/timeline")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(b.apiKey())
                .get("/v1/customers")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        given().get("/v1/customers/acme/risk").then().statusCode(401);
    }

    @Test
    void badQueryParametersAre400Problems() {
        TestTenants.Tenant a = TestTenants.create();
        for (String query : List.of(
                "/v1/customers?level=purple",
                "/v1/customers?sort=name",
                "/v1/customers?size=0",
                "/v1/metrics/churn?from=2026-01-01",
                "/v1/metrics/churn?from=2026-02-01&to=2026-01-01",
                "/v1/metrics/churn?from=2026-01-01&to=2026-02-01&by=planet")) {
            given().auth()
                    .oauth2(a.apiKey())
                    .get(query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("urn:churnwatch:problem:invalid-request"));
        }
    }

    @Test
    void policiesAreStoredPerTenantAndSegmentAndValidated() {
        TestTenants.Tenant a = TestTenants.create();
        String body = """
                {"tenantDefault":{"weights":{"webinar_missed":{"points":6,"halfLifeDays":14,"cap":12}}},
                 "segments":{"smb":{"thresholds":{"enterMedium":30,"leaveMedium":20,"enterHigh":60,"leaveHigh":50,"enterCritical":80,"leaveCritical":70}}}}""";
        given().auth()
                .oauth2(a.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .put("/v1/policies")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/policies")
                .then()
                .statusCode(200)
                .body("tenantDefault.weights.webinar_missed.points", equalTo(6f))
                .body("segments.smb.thresholds.enterMedium", equalTo(30f));
        given().auth()
                .oauth2(TestTenants.create().apiKey())
                .get("/v1/policies")
                .then()
                .statusCode(200)
                .body("segments.size()", equalTo(0));
        given().auth()
                .oauth2(a.apiKey())
                .contentType(ContentType.JSON)
                .body(
                        "{\"tenantDefault\":{\"thresholds\":{\"enterMedium\":90,\"leaveMedium\":20,\"enterHigh\":60,\"leaveHigh\":50,\"enterCritical\":80,\"leaveCritical\":70}}}")
                .put("/v1/policies")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theSilenceEngagementAndNpsRulesAreSetPerSegmentAndValidated() {
        TestTenants.Tenant a = TestTenants.create();
        String body = """
                {"segments":{"enterprise":{"usageGap":{"priorMeanGapDays":7,"steps":[{"ratio":2,"points":40},{"ratio":3,"points":90}]},
                  "engagement":{"maxPoints":40,"recentHalfLifeDays":5},"nps":{"detractorPointsAtZero":30}}}}""";
        given().auth()
                .oauth2(a.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .put("/v1/policies")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/policies")
                .then()
                .statusCode(200)
                .body("segments.enterprise.usageGap.steps[1].points", equalTo(90f))
                .body("segments.enterprise.engagement.maxPoints", equalTo(40f))
                .body("segments.enterprise.nps.detractorPointsAtZero", equalTo(30f));
        for (String invalid : List.of(
                "{\"usageGap\":{\"steps\":[{\"ratio\":3,\"points\":40},{\"ratio\":2,\"points\":90}]}}",
                "{\"engagement\":{\"recentHalfLifeDays\":90}}",
                "{\"nps\":{\"halfLifeDays\":0}}",
                "{\"usageGap\":{\"smoothing\":2}}")) {
            given().auth()
                    .oauth2(a.apiKey())
                    .contentType(ContentType.JSON)
                    .body("{\"segments\":{\"smb\":" + invalid + "}}")
                    .put("/v1/policies")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", org.hamcrest.Matchers.startsWith("/segments/smb/"));
        }
    }

    @Test
    void aTenantSetsItsModelsAlertBudgetPerOwnerAndWeek() {
        TestTenants.Tenant a = TestTenants.create();
        given().auth()
                .oauth2(a.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"tenantDefault\":{\"learning\":{\"alertBudget\":5,\"targetPrecision\":0.3}}}")
                .put("/v1/policies")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/policies")
                .then()
                .statusCode(200)
                .body("tenantDefault.learning.alertBudget", equalTo(5f))
                .body("tenantDefault.learning.targetPrecision", equalTo(0.3f));
        given().auth()
                .oauth2(a.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"tenantDefault\":{\"learning\":{\"alertBudget\":0}}}")
                .put("/v1/policies")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("alertBudget"));
    }

    @Test
    void churnMetricsNameTheirFormulas() {
        TestTenants.Tenant a = TestTenants.create();
        List<InteractionEvent> events = new ArrayList<>();
        Instant known = Instant.parse("2025-12-01T00:00:00Z");
        for (int i = 0; i < 4; i++) {
            events.add(Events.withTraits(
                    Events.event(a.id(), "old-" + i, "identify", known),
                    new CustomerTraits(
                            new BigDecimal("100"), "EUR", "smb", null, LocalDate.parse("2025-06-01"), null)));
        }
        for (int i = 0; i < 2; i++) {
            events.add(Events.withTraits(
                    Events.event(a.id(), "new-" + i, "identify", Instant.parse("2026-01-10T00:00:00Z")),
                    new CustomerTraits(new BigDecimal("50"), "EUR", "smb", null, LocalDate.parse("2026-01-10"), null)));
        }
        events.add(new InteractionEvent(
                UUID.randomUUID().toString(),
                true,
                a.id(),
                "old-0",
                "churned",
                Instant.parse("2026-01-15T00:00:00Z"),
                Instant.now(),
                JsonNodeFactory.instance.objectNode().put("reason", "price"),
                null,
                "api"));
        Events.send(events);
        await().atMost(WAIT)
                .until(() -> Db.count("SELECT count(*) FROM scoring.customer_events WHERE tenant_id = ?", a.id()) == 7);

        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/metrics/churn?from=2026-01-01&to=2026-02-01&by=reason")
                .then()
                .statusCode(200)
                .body("groups.key", contains("price"))
                .body("groups[0].customersAtStart", equalTo(4))
                .body("groups[0].acquired", equalTo(2))
                .body("groups[0].lost", equalTo(1))
                .body("groups[0].customerChurnRate.value", equalTo(0.25f))
                .body(
                        "groups[0].customerChurnRate.definition",
                        equalTo("customers lost in the period / customers at the start of the period"))
                .body("groups[0].acquisitionRelativeChurnRate.value", equalTo(0.5f))
                .body("groups[0].acquisitionRelativeChurnRate.formula", equalTo("acquisition_relative_churn"))
                .body("groups[0].revenueChurnRate.value", equalTo(0.25f))
                .body("groups[0].retentionRate.value", equalTo(0.75f))
                .body("groups[0].mrrLost", equalTo(100f));
        given().auth()
                .oauth2(a.apiKey())
                .get("/v1/metrics/churn?from=2025-12-01&to=2026-02-01&by=month")
                .then()
                .statusCode(200)
                .body("groups.key", contains("2025-12", "2026-01"))
                .body("groups.lost", contains(0, 1))
                .body("groups[0].customerChurnRate.value", equalTo(0f))
                .body("groups.acquired", hasItem(2));
    }
}
