package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Over its per-tenant limit a tenant gets 429 with Retry-After and nothing of that request is written; other tenants are not affected. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(RateLimitTest.TenEventsBurst.class)
class RateLimitTest {

    /** A bucket of 10 events refilled at 1 a second. */
    public static class TenEventsBurst implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "churnwatch.ingest.rate-limit.events-per-second", "1", "churnwatch.ingest.rate-limit.burst", "10");
        }
    }

    @Test
    void aTenantOverItsLimitGets429AndNothingOfThatRequestIsWritten() {
        TestTenants.Tenant noisy = TestTenants.create();
        TestTenants.Tenant quiet = TestTenants.create();
        given().auth()
                .oauth2(noisy.apiKey())
                .contentType(ContentType.JSON)
                .body(batch(8, "first"))
                .post("/v1/events/batch")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(8));
        given().auth()
                .oauth2(noisy.apiKey())
                .contentType(ContentType.JSON)
                .body(batch(8, "second"))
                .post("/v1/events/batch")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:churnwatch:problem:rate-limited"));
        given().auth()
                .oauth2(quiet.apiKey())
                .contentType(ContentType.JSON)
                .body(batch(8, "quiet"))
                .post("/v1/events/batch")
                .then()
                .statusCode(202);
        assertThat(TopicReader.tenantRecords(noisy.id(), 8, Duration.ofSeconds(10)))
                .hasSize(8);
    }

    private static String batch(int events, String prefix) {
        return IntStream.range(0, events)
                .mapToObj(i ->
                        "{\"messageId\":\"" + prefix + "-" + i + "\",\"customerId\":\"c" + i + "\",\"type\":\"usage\"}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
    }
}
