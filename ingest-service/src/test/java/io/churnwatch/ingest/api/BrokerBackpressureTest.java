package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.StringJoiner;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A broker outage under load fills the producer's buffer; a request then waits for buffer space once and answers
 * 503 with Retry-After, rather than waiting max-block for every remaining event of its batch (minutes, which clients
 * and load balancers see as a hung service).
 */
@QuarkusTest
@TestProfile(BrokerBackpressureTest.SmallBuffer.class)
@WithTestResource(DevStackTestResource.class)
class BrokerBackpressureTest {

    public static class SmallBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "churnwatch.ingest.producer.buffer-memory",
                    "16384",
                    "churnwatch.ingest.producer.batch-size",
                    "4096",
                    "churnwatch.ingest.producer.delivery-timeout",
                    "PT6S",
                    "churnwatch.ingest.producer.request-timeout",
                    "PT1S",
                    "churnwatch.ingest.producer.max-block",
                    "PT2S",
                    "churnwatch.ingest.producer.compression",
                    "none");
        }
    }

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void brokerIsBack() {
        DevStack.shared().kafka().start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> given().port(management.getPort())
                                .get("/q/health/ready")
                                .statusCode()
                        == 200);
    }

    @Test
    void aFullBatchDuringAnOutageIsAnsweredPromptlyWith503() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"warm\",\"type\":\"usage\"}")
                .post("/v1/events")
                .then()
                .statusCode(202);

        DevStack.shared().kafka().stop();
        SecureRandom random = new SecureRandom();
        StringJoiner events = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = 0; i < 300; i++) {
            byte[] noise = new byte[400];
            random.nextBytes(noise);
            events.add("{\"customerId\":\"c" + i + "\",\"type\":\"usage\",\"properties\":{\"note\":\""
                    + HexFormat.of().formatHex(noise) + "\"}}");
        }
        long started = System.nanoTime();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(events.toString())
                .post("/v1/events/batch")
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        // 300 events of 800 bytes against a 16 KiB buffer: waiting 2 s for each that does not fit takes minutes.
        assertThat(seconds).as("seconds until the batch was answered").isLessThan(40);
    }
}
