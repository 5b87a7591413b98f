package io.churnwatch.scoring.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.scoring.support.Db;
import io.churnwatch.scoring.support.Events;
import io.churnwatch.scoring.support.TestTenants;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The churn report stays bounded: its period is limited, and its sums are made in PostgreSQL, not over loaded customers. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class ChurnReportBoundsTest {

    private static final int CUSTOMERS = 300;

    @Inject
    MeterRegistry registry;

    @Test
    void aPeriodLongerThanAYearIsRefusedNamingTo() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/metrics/churn?from=2025-01-01&to=2026-03-01&by=month")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"))
                .body("detail", containsString("'to'"))
                .body("errors.pointer", contains("/query/to"));
        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/metrics/churn?from=2025-01-01&to=2026-01-01&by=month")
                .then()
                .statusCode(200);
    }

    @Test
    void aReportOverManyCustomersReadsOneRowPerGroup() {
        TestTenants.Tenant tenant = TestTenants.create();
        Instant known = Instant.parse("2025-12-01T00:00:00Z");
        Events.send(IntStream.range(0, CUSTOMERS)
                .mapToObj(i -> Events.withTraits(
                        Events.event(tenant.id(), "c-" + i, "identify", known),
                        new CustomerTraits(
                                new BigDecimal("10"),
                                "EUR",
                                i % 2 == 0 ? "smb" : "mid",
                                null,
                                LocalDate.parse("2025-06-01"),
                                null)))
                .toList());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Db.count("SELECT count(*) FROM scoring.customers WHERE tenant_id = ?", tenant.id())
                        == CUSTOMERS);

        given().auth()
                .oauth2(tenant.apiKey())
                .get("/v1/metrics/churn?from=2026-01-01&to=2026-02-01&by=segment")
                .then()
                .statusCode(200)
                .body("groups.key", contains("mid", "smb"))
                .body("groups.customersAtStart", contains(CUSTOMERS / 2, CUSTOMERS / 2))
                .body("groups[0].mrrAtStart", equalTo(1500f));

        DistributionSummary rows =
                registry.find("churnwatch.scoring.report.rows").summary();
        assertThat(rows).as("rows each report read from PostgreSQL").isNotNull();
        assertThat(rows.count()).isPositive();
        assertThat(rows.max()).as("most rows one report read").isLessThanOrEqualTo(2);
    }
}
