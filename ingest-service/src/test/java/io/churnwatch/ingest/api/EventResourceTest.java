package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class EventResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void anAcceptedEventIsInKafkaWithKeyValueAndHeaders() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String when = Instant.now()
                .minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("""
                        {"messageId":"m-1","customerId":"acme","type":"complaint","timestamp":"%s",
                         "properties":{"channel":"email","text":"Invoices are wrong again"},
                         "traits":{"mrr":1200.50,"currency":"EUR","segment":"enterprise","owner":"ana@cs.example","signupDate":"2023-02-01","plan":"pro"}}
                        """.formatted(when))
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("messageId", equalTo("m-1"))
                .body("status", equalTo("accepted"));

        List<ConsumerRecord<String, byte[]>> records = TopicReader.tenantRecords(tenant.id(), 1, WAIT);
        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(tenant.id() + ":acme");
        assertThat(TopicReader.header(record, Topics.SCHEMA_VERSION_HEADER)).isEqualTo("1");
        assertThat(TopicReader.header(record, Topics.TENANT_HEADER)).isEqualTo(tenant.id());
        assertThat(TopicReader.header(record, Topics.TYPE_HEADER)).isEqualTo("complaint");
        InteractionEvent event = ContractSerde.fromJson(record.value(), InteractionEvent.class);
        assertThat(event.tenant()).isEqualTo(tenant.id());
        assertThat(event.customerId()).isEqualTo("acme");
        assertThat(event.type()).isEqualTo("complaint");
        assertThat(event.messageId()).isEqualTo("m-1");
        assertThat(event.clientMessageId()).isTrue();
        assertThat(event.timestamp()).isEqualTo(Instant.parse(when));
        assertThat(event.receivedAt()).isAfter(event.timestamp());
        assertThat(event.source()).isEqualTo("api");
        assertThat(event.properties().get("channel").asText()).isEqualTo("email");
        assertThat(event.traits().mrr()).isEqualByComparingTo("1200.50");
        assertThat(event.traits().segment()).isEqualTo("enterprise");
        assertThat(event.traits().signupDate()).hasToString("2023-02-01");
        JsonNode raw = ContractJson.mapper().readTree(record.value());
        assertThat(raw.get("timestamp").asText()).isEqualTo(when);
    }

    @Test
    void anEventWithoutMessageIdGetsOneAndIsNotDeduplicated() {
        TestTenants.Tenant tenant = TestTenants.create();
        String body = "{\"customerId\":\"c1\",\"type\":\"usage\"}";
        String first = given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("messageId", notNullValue())
                .extract()
                .path("messageId");
        String second = given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .extract()
                .path("messageId");
        assertThat(first).isNotEqualTo(second);
        List<ConsumerRecord<String, byte[]>> records = TopicReader.tenantRecords(tenant.id(), 2, WAIT);
        assertThat(records).extracting(r -> ContentOf.messageId(r)).containsExactlyInAnyOrder(first, second);
        assertThat(records)
                .allSatisfy(
                        r -> assertThat(ContentOf.event(r).clientMessageId()).isFalse());
    }

    @Test
    void aDuplicateMessageIdIsAnsweredAsDuplicateAndWrittenOnce() {
        TestTenants.Tenant tenant = TestTenants.create();
        String body = "{\"messageId\":\"dup-1\",\"customerId\":\"c1\",\"type\":\"like\"}";
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202)
                .body("status", equalTo("accepted"));
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(200)
                .body("status", equalTo("duplicate"));
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"events\":[" + body + "," + body.replace("dup-1", "dup-2") + ","
                        + body.replace("dup-1", "dup-2") + "]}")
                .post("/v1/events/batch")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(2))
                .body("results.status", equalTo(List.of("duplicate", "accepted", "duplicate")));
        assertThat(TopicReader.tenantRecords(tenant.id(), 2, WAIT))
                .extracting(ContentOf::messageId)
                .containsExactlyInAnyOrder("dup-1", "dup-2");
    }

    @Test
    void theSameMessageIdInAnotherTenantIsNotADuplicate() {
        TestTenants.Tenant first = TestTenants.create();
        TestTenants.Tenant second = TestTenants.create();
        String body = "{\"messageId\":\"shared-id\",\"customerId\":\"c1\",\"type\":\"login\"}";
        given().auth()
                .oauth2(first.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
        given().auth()
                .oauth2(second.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @Test
    void aBatchWithPartialRejectionsAcceptsTheValidEventsAndExplainsTheOthers() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("""
                        {"events":[
                          {"messageId":"b-1","customerId":"c1","type":"usage"},
                          {"messageId":"b-2","type":"usage"},
                          {"messageId":"b-3","customerId":"c2","type":"nps","properties":{"score":11}},
                          {"messageId":"b-4","customerId":"c3","type":"Newsletter Opened","properties":{"campaign":"nov"}}
                        ]}""")
                .post("/v1/events/batch")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(2))
                .body("duplicates", equalTo(0))
                .body("results", hasSize(4))
                .body("results[1].status", equalTo("rejected"))
                .body("results[1].errors[0].pointer", equalTo("/events/1/customerId"))
                .body("results[2].errors[0].pointer", equalTo("/events/2/properties/score"))
                .body("results[3].status", equalTo("accepted"));
        List<ConsumerRecord<String, byte[]>> records = TopicReader.tenantRecords(tenant.id(), 2, WAIT);
        assertThat(records).extracting(ContentOf::messageId).containsExactlyInAnyOrder("b-1", "b-4");
        assertThat(records).extracting(r -> ContentOf.event(r).type()).contains("Newsletter Opened");
    }

    @Test
    void aBatchWhereEveryEventIsRejectedIsA400WithEachReason() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"events\":[{\"customerId\":\"c1\"},{\"type\":\"usage\"}]}")
                .post("/v1/events/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-event"))
                .body("results.status", equalTo(List.of("rejected", "rejected")))
                .body("results[0].errors[0].pointer", equalTo("/events/0/type"));
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswer() {
        TestTenants.Tenant tenant = TestTenants.create();
        String key = UUID.randomUUID().toString();
        String body =
                "{\"events\":[{\"customerId\":\"c1\",\"type\":\"usage\"},{\"customerId\":\"c2\",\"type\":\"login\"}]}";
        List<String> firstIds = given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/events/batch")
                .then()
                .statusCode(202)
                .extract()
                .path("results.messageId");
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post("/v1/events/batch")
                .then()
                .statusCode(202)
                .header(IdempotentRequests.REPLAYED_HEADER, "true")
                .body("results.messageId", equalTo(firstIds));
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body.replace("c2", "c3"))
                .post("/v1/events/batch")
                .then()
                .statusCode(422)
                .body("type", equalTo("urn:churnwatch:problem:idempotency-key-reused"));
        assertThat(TopicReader.tenantRecords(tenant.id(), 2, WAIT)).hasSize(2);
    }

    @Test
    void knownTypesMatchRegardlessOfCase() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().auth()
                .oauth2(tenant.apiKey())
                .contentType(ContentType.JSON)
                .body("{\"customerId\":\"c1\",\"type\":\"Support_Ticket\"}")
                .post("/v1/events")
                .then()
                .statusCode(202);
        assertThat(TopicReader.tenantRecords(tenant.id(), 1, WAIT))
                .extracting(r -> ContentOf.event(r).type())
                .containsExactly("support_ticket");
    }

    @Test
    void oldEventsNeedTheReplayScope() {
        String old = Instant.now().minus(600, ChronoUnit.DAYS).toString();
        String body = "{\"customerId\":\"c1\",\"type\":\"usage\",\"timestamp\":\"" + old + "\"}";
        TestTenants.Tenant live = TestTenants.create();
        given().auth()
                .oauth2(live.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/timestamp"));
        TestTenants.Tenant replay = TestTenants.create(java.util.Map.of(), false, List.of("ingest", "replay"));
        given().auth()
                .oauth2(replay.apiKey())
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/events")
                .then()
                .statusCode(202);
        assertThat(TopicReader.tenantRecords(replay.id(), 1, WAIT))
                .extracting(r -> ContentOf.event(r).source())
                .containsExactly("replay");
    }

    /** Reads contract events out of records. */
    static final class ContentOf {
        static InteractionEvent event(ConsumerRecord<String, byte[]> record) {
            return ContractSerde.fromJson(record.value(), InteractionEvent.class);
        }

        static String messageId(ConsumerRecord<String, byte[]> record) {
            return event(record).messageId();
        }
    }
}
