package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/**
 * Failed authentications are counted per client address: past the limit the address gets 429 even with a good key,
 * on every authenticated path, while other addresses are served. Clients here connect from other loopback addresses
 * than the rest of the suite (127.0.0.1), so the suite's own failures do not count against them.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class AuthThrottleTest {

    /** {@code %test.churnwatch.auth.throttle.max-failures}. */
    private static final int MAX_FAILURES = 50;

    private static final String EVENT = "{\"customerId\":\"c1\",\"type\":\"usage\"}";

    @Test
    void anAddressPastTheLimitGets429WithRetryAfterEvenWithAGoodKeyWhileOthersAreServed() throws UnknownHostException {
        TestTenants.Tenant tenant = TestTenants.create();
        for (int i = 0; i < MAX_FAILURES; i++) {
            RequestSpecification attempt = from("127.0.0.2").contentType(ContentType.JSON);
            switch (i % 3) {
                case 0 -> attempt.auth().oauth2("cw_guess_" + i).body(EVENT).post("/v1/events");
                case 1 -> attempt.body(track("cw_guess_" + i)).post("/v1/track");
                default -> attempt.auth().oauth2("guessed-admin-token-" + i).get("/admin/tenants");
            }
        }
        String retryAfter = from("127.0.0.2")
                .auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:too-many-failed-authentications"))
                .body("status", equalTo(429))
                .extract()
                .header("Retry-After");
        assertThat(Integer.parseInt(retryAfter))
                .as("seconds until the 1-minute window ends")
                .isBetween(1, 60);
        from("127.0.0.2")
                .contentType(ContentType.JSON)
                .body(track(tenant.apiKey()))
                .post("/v1/track")
                .then()
                .statusCode(429);
        from("127.0.0.2")
                .auth()
                .oauth2(TestTenants.ADMIN_TOKEN)
                .get("/admin/tenants")
                .then()
                .statusCode(429);

        from("127.0.0.3")
                .auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void failuresUnderTheLimitDoNotLockAnAddressOut() throws UnknownHostException {
        TestTenants.Tenant tenant = TestTenants.create();
        for (int i = 0; i < MAX_FAILURES - 1; i++) {
            from("127.0.0.4")
                    .auth()
                    .oauth2("cw_typo_" + i)
                    .contentType(ContentType.JSON)
                    .body(EVENT)
                    .post("/v1/events")
                    .then()
                    .statusCode(401);
        }
        from("127.0.0.4")
                .auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(EVENT)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    private static String track(String writeKey) {
        return "{\"writeKey\":\"" + writeKey + "\",\"userId\":\"u\",\"event\":\"Login\"}";
    }

    /** A request whose connection comes from {@code address} (any 127/8 address reaches the loopback interface). */
    private static RequestSpecification from(String address) throws UnknownHostException {
        return given().config(RestAssuredConfig.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.route.local-address", InetAddress.getByName(address))));
    }
}
