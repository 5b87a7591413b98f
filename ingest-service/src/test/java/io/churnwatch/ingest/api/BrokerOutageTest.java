package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.churnwatch.devstack.DevStack;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** While Kafka is down nothing is acknowledged; afterwards every accepted event is in the topic exactly once. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class BrokerOutageTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @AfterEach
    void brokerIsBack() {
        DevStack.shared().kafka().start();
    }

    @Test
    void requestsGet503WhileTheBrokerIsDownAndNothingIsLostOrDoubled() {
        TestTenants.Tenant tenant = TestTenants.create();
        List<String> accepted = new ArrayList<>();
        accepted.add(post(tenant, "before-1", 202));

        DevStack.shared().kafka().stop();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"messageId\":\"during-1\",\"customerId\":\"c1\",\"type\":\"usage\"}")
                .post("/v1/events")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:churnwatch:problem:unavailable"));
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(
                        "{\"events\":[{\"messageId\":\"during-2\",\"customerId\":\"c1\",\"type\":\"usage\"},"
                                + "{\"messageId\":\"during-3\",\"customerId\":\"c2\",\"type\":\"like\"},{\"customerId\":\"c3\"}]}")
                .post("/v1/events/batch")
                .then()
                .statusCode(503)
                .header("Retry-After", notNullValue())
                .body("notAccepted", equalTo(2))
                .body("accepted", equalTo(0))
                .body("results.status", equalTo(List.of("not_accepted", "not_accepted", "rejected")));
        given().port(management.getPort()).get("/q/health/ready").then().statusCode(503);

        DevStack.shared().kafka().start();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> given().port(management.getPort())
                                .get("/q/health/ready")
                                .statusCode()
                        == 200);
        // The client retries what was not accepted; the retry is written once.
        accepted.add(post(tenant, "during-1", 202));
        accepted.add(post(tenant, "during-2", 202));
        accepted.add(post(tenant, "after-1", 202));
        post(tenant, "during-1", 200);

        List<String> inTopic = TopicReader.tenantRecords(tenant.id(), accepted.size(), Duration.ofSeconds(30)).stream()
                .map(record -> ContractSerde.fromJson(record.value(), InteractionEvent.class)
                        .messageId())
                .toList();
        assertThat(inTopic).containsExactlyInAnyOrderElementsOf(accepted).doesNotContain("during-3");
    }

    private static String post(TestTenants.Tenant tenant, String messageId, int expectedStatus) {
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"messageId\":\"" + messageId + "\",\"customerId\":\"c1\",\"type\":\"usage\"}")
                .post("/v1/events")
                .then()
                .statusCode(expectedStatus);
        return messageId;
    }
}
