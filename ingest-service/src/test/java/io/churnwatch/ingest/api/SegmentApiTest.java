package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(DevStackTestResource.class)
class SegmentApiTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void aTrackCallWithBasicAuthIsInKafkaAsASegmentEvent() {
        TestTenants.Tenant tenant = TestTenants.create();
        String when = Instant.now()
                .minus(2, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        segment(tenant)
                .body("""
                        {"messageId":"s-1","userId":"u-1","anonymousId":"anon-1","event":"Report Exported","timestamp":"%s",
                         "properties":{"format":"csv"},"context":{"library":{"name":"curl"}}}""".formatted(when))
                .post("/v1/track")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("success", equalTo(true))
                .body("accepted", equalTo(1))
                .body("results[0].messageId", equalTo("s-1"));

        ConsumerRecord<String, byte[]> record = single(tenant);
        InteractionEvent event = event(record);
        assertThat(record.key()).isEqualTo(tenant.id() + ":u-1");
        assertThat(event.type()).isEqualTo("Report Exported");
        assertThat(event.source()).isEqualTo("segment");
        assertThat(event.messageId()).isEqualTo("s-1");
        assertThat(event.clientMessageId()).isTrue();
        assertThat(event.timestamp()).isEqualTo(Instant.parse(when));
        assertThat(event.properties().get("format").asText()).isEqualTo("csv");
    }

    @Test
    void trackNamesMapPerTenantAndBuiltInNamesMatch() {
        TestTenants.Tenant mapped =
                TestTenants.create(Map.of("Newsletter Unsubscribed", "unsubscribe"), false, List.of());
        TestTenants.Tenant plain = TestTenants.create();
        String body = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Newsletter Unsubscribed\"},"
                + "{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Complaint\"}]}";
        segment(mapped).body(body).post("/v1/batch").then().statusCode(200).body("accepted", equalTo(2));
        segment(plain).body(body).post("/v1/batch").then().statusCode(200).body("accepted", equalTo(2));

        assertThat(TopicReader.tenantRecords(mapped.id(), 2, WAIT))
                .extracting(r -> event(r).type())
                .containsExactlyInAnyOrder("unsubscribe", "complaint");
        assertThat(TopicReader.tenantRecords(plain.id(), 2, WAIT))
                .extracting(r -> event(r).type())
                .containsExactlyInAnyOrder("Newsletter Unsubscribed", "complaint");
    }

    @Test
    void identifyAndGroupCarryTraits() {
        TestTenants.Tenant tenant = TestTenants.create();
        segment(tenant).body("""
                        {"userId":"u-1","traits":{"email":"ana@example.com","plan":"pro","monthlyRevenue":99.5,"currency":"EUR","createdAt":"2024-03-01T09:00:00Z"}}""").post("/v1/identify").then().statusCode(200).body("success", equalTo(true));
        segment(tenant).body("""
                        {"userId":"u-1","groupId":"acct-9","traits":{"name":"Acme","plan":"enterprise","mrr":5000}}""").post("/v1/group").then().statusCode(200).body("success", equalTo(true));

        List<InteractionEvent> events = TopicReader.tenantRecords(tenant.id(), 2, WAIT).stream()
                .map(SegmentApiTest::event)
                .toList();
        InteractionEvent identify = events.stream()
                .filter(e -> e.type().equals("identify"))
                .findFirst()
                .orElseThrow();
        assertThat(identify.customerId()).isEqualTo("u-1");
        assertThat(identify.traits().plan()).isEqualTo("pro");
        assertThat(identify.traits().mrr()).isEqualByComparingTo("99.5");
        assertThat(identify.traits().signupDate()).hasToString("2024-03-01");
        InteractionEvent group = events.stream()
                .filter(e -> e.type().equals("group"))
                .findFirst()
                .orElseThrow();
        assertThat(group.customerId()).isEqualTo("u-1");
        assertThat(group.traits().plan()).isEqualTo("enterprise");
        assertThat(group.properties().get("groupId").asText()).isEqualTo("acct-9");
    }

    @Test
    void forAccountTenantsTheGroupIdIsTheCustomerAndBatchContextMergesUnderMessageContext() {
        TestTenants.Tenant tenant = TestTenants.create(Map.of(), true, List.of());
        segment(tenant)
                .body("""
                        {"context":{"groupId":"acct-batch","library":{"name":"test"}},
                         "batch":[
                          {"type":"track","userId":"u-1","event":"Report Exported"},
                          {"type":"page","userId":"u-2","name":"Billing","category":"Settings","context":{"groupId":"acct-own"}},
                          {"type":"group","userId":"u-3","groupId":"acct-group","traits":{"plan":"team"}},
                          {"type":"identify","anonymousId":"anon-4","context":{"groupId":null}},
                          {"type":"alias","userId":"u-5","previousId":"anon-5"}
                         ]}""")
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(4))
                .body("ignored", equalTo(1))
                .body("results.status", equalTo(List.of("accepted", "accepted", "accepted", "accepted", "ignored")));

        segment(tenant)
                .body("{\"userId\":\"u-5\",\"previousId\":\"anon-5\"}")
                .post("/v1/alias")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("results[0].status", equalTo("ignored"));

        List<ConsumerRecord<String, byte[]>> records = TopicReader.tenantRecords(tenant.id(), 4, WAIT);
        assertThat(records)
                .extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(
                        tenant.id() + ":acct-batch",
                        tenant.id() + ":acct-own",
                        tenant.id() + ":acct-group",
                        tenant.id() + ":anon-4");
        InteractionEvent page = records.stream()
                .map(SegmentApiTest::event)
                .filter(e -> e.customerId().equals("acct-own"))
                .findFirst()
                .orElseThrow();
        assertThat(page.type()).isEqualTo("usage");
        assertThat(page.properties().get("name").asText()).isEqualTo("Billing");
        assertThat(page.properties().get("category").asText()).isEqualTo("Settings");
    }

    @Test
    void aGzipImportIsDecompressedAndOriginalTimestampIsCorrectedForClockSkew() throws IOException {
        TestTenants.Tenant tenant = TestTenants.create();
        Instant clientClock = Instant.now().plus(3, ChronoUnit.HOURS);
        String body = """
                {"sentAt":"%s","writeKey":"ignored-when-a-header-is-sent","batch":[
                  {"type":"track","userId":"u-1","event":"Login","messageId":"g-1","originalTimestamp":"%s"}]}""".formatted(clientClock, clientClock.minusSeconds(60));
        Instant before = Instant.now();
        segment(tenant)
                .header("Content-Encoding", "gzip")
                .body(gzip(body))
                .post("/v1/import")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("accepted", equalTo(1));
        Instant after = Instant.now();

        InteractionEvent event = event(single(tenant));
        assertThat(event.type()).isEqualTo("login");
        assertThat(event.timestamp()).isBetween(before.minusSeconds(61), after.minusSeconds(59));
    }

    @Test
    void theJavaLibrarysImportPathWithATrailingSlashAndAWriteKeyInTheBodyWorks() {
        TestTenants.Tenant tenant = TestTenants.create();
        given().contentType(ContentType.JSON)
                .body("{\"writeKey\":\"" + tenant.apiKey()
                        + "\",\"batch\":[{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Usage\"}]}")
                .post("/v1/import/")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        assertThat(event(single(tenant)).type()).isEqualTo("usage");
    }

    @Test
    void aWrongOrMissingWriteKeyIs401ProblemJson() {
        String body = "{\"userId\":\"u-1\",\"event\":\"Login\"}";
        given().auth()
                .preemptive()
                .basic("cw_not_a_real_key", "")
                .contentType(ContentType.JSON)
                .body(body)
                .post("/v1/track")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
        given().contentType(ContentType.JSON)
                .body(body)
                .post("/v1/track")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body("{\"writeKey\":\"cw_not_a_real_key\",\"batch\":[" + body + "]}")
                .post("/v1/batch")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("The write key is unknown or revoked"));
    }

    /**
     * Were these bodies decompressed or parsed, the answers would be 413 (the bomb inflates past the limit) and 400
     * (not gzip, not JSON): a 401 shows the key was checked first and the body never reached the decompressor or the
     * parser.
     */
    @Test
    void anUnauthenticatedBodyIsNeitherDecompressedNorParsed() throws IOException {
        byte[] bomb =
                gzip("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + "0".repeat(5_000_000) + "\"}]}");
        assertThat(bomb.length).isLessThan(32_768);
        byte[] notGzip = "\u0000\u0001 definitely not gzip".getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/v1/batch", "/v1/track")) {
            for (byte[] body : List.of(bomb, notGzip)) {
                given().contentType(ContentType.JSON)
                        .header("Content-Encoding", "gzip")
                        .body(body)
                        .post(path)
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
                given().auth()
                        .preemptive()
                        .basic("cw_not_a_real_key", "")
                        .contentType(ContentType.JSON)
                        .header("Content-Encoding", "gzip")
                        .body(body)
                        .post(path)
                        .then()
                        .statusCode(401)
                        .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
            }
            given().contentType(ContentType.JSON)
                    .body("{\"batch\":[{\"type\":\"track\",")
                    .post(path)
                    .then()
                    .statusCode(401)
                    .body("type", equalTo("urn:churnwatch:problem:unauthorized"));
        }
    }

    @Test
    void aCompressedBodyNeedsItsKeyInTheHeader() throws IOException {
        TestTenants.Tenant tenant = TestTenants.create();
        byte[] body = gzip("{\"writeKey\":\"" + tenant.apiKey()
                + "\",\"batch\":[{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Login\"}]}");
        given().contentType(ContentType.JSON)
                .header("Content-Encoding", "gzip")
                .body(body)
                .post("/v1/batch")
                .then()
                .statusCode(401)
                .body("detail", org.hamcrest.Matchers.containsString("compressed body"));
        segment(tenant)
                .header("Content-Encoding", "gzip")
                .body(body)
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
    }

    @Test
    void aRepeatedMessageIdIsADuplicateAndWrittenOnce() {
        TestTenants.Tenant tenant = TestTenants.create();
        String message = "{\"messageId\":\"dup-1\",\"userId\":\"u-1\",\"event\":\"Login\"}";
        segment(tenant).body(message).post("/v1/track").then().statusCode(200).body("accepted", equalTo(1));
        segment(tenant)
                .body(message)
                .post("/v1/track")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("duplicates", equalTo(1))
                .body("results[0].status", equalTo("duplicate"));
        segment(tenant)
                .body("{\"batch\":[" + message.replace("\"messageId\"", "\"type\":\"track\",\"messageId\"") + "]}")
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("duplicates", equalTo(1));
        assertThat(TopicReader.tenantRecords(tenant.id(), 1, WAIT)).hasSize(1);
    }

    @Test
    void rejectedMessagesPointAtTheSegmentFieldsAndAllRejectedIs400() {
        TestTenants.Tenant tenant = TestTenants.create(Map.of("Survey Answered", "nps"), false, List.of());
        segment(tenant)
                .body("""
                        {"batch":[
                          {"type":"track","userId":"u-1","event":"Login"},
                          {"type":"track","event":"Login"},
                          {"type":"track","userId":"u-1","event":"Survey Answered","properties":{"score":12}},
                          {"type":"track","userId":"u-1"},
                          {"type":"bogus","userId":"u-1"},
                          {"type":"track","userId":"%s","event":"Login"}
                        ]}""".formatted("x".repeat(300)))
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(5))
                .body("results[1].errors[0].pointer", equalTo("/batch/1/userId"))
                .body("results[2].errors[0].pointer", equalTo("/batch/2/properties/score"))
                .body("results[3].errors[0].pointer", equalTo("/batch/3/event"))
                .body("results[4].errors[0].pointer", equalTo("/batch/4/type"))
                .body("results[5].errors[0].pointer", equalTo("/batch/5/userId"));
        segment(tenant)
                .body("{\"batch\":[{\"type\":\"track\",\"event\":\"Login\"}]}")
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-event"))
                .body("results[0].errors[0].pointer", equalTo("/batch/0/userId"));
        segment(tenant)
                .body("{\"event\":\"Login\"}")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .body("results[0].errors[0].pointer", equalTo("/userId"));
        segment(tenant)
                .body("{\"batch\":[{\"type\":\"track\",")
                .post("/v1/batch")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:churnwatch:problem:malformed-json"));
    }

    @Test
    void valuesOutsideTheContractRangesAre400NamingTheSegmentFieldEvenForReplayKeys() {
        TestTenants.Tenant tenant = TestTenants.create(Map.of(), false, List.of("ingest", "replay"));
        segment(tenant)
                .body("{\"userId\":\"u-1\",\"traits\":{\"monthlyRevenue\":\"999999999999999.99995\"}}")
                .post("/v1/identify")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("results[0].errors[0].pointer", equalTo("/traits/monthlyRevenue"));
        segment(tenant)
                .body("{\"userId\":\"u-1\",\"name\":\"Home\",\"timestamp\":\"1850-01-01T00:00:00Z\"}")
                .post("/v1/page")
                .then()
                .statusCode(400)
                .body("results[0].errors[0].pointer", equalTo("/timestamp"));
        segment(tenant)
                .body("{\"userId\":\"u-1\",\"event\":\"Login\",\"sentAt\":\"+999999999-12-31T23:59:59Z\","
                        + "\"originalTimestamp\":\"-999999999-01-01T00:00:00Z\"}")
                .post("/v1/track")
                .then()
                .statusCode(400)
                .body("results[0].errors[0].pointer", equalTo("/originalTimestamp"));
        String now = Instant.now().toString();
        segment(tenant)
                .body("""
                        {"sentAt":"%s","batch":[
                          {"type":"group","userId":"u-1","groupId":"a-1",
                           "traits":{"createdAt":"+9999999-01-01T00:00:00Z"}},
                          {"type":"screen","userId":"u-1","name":"Home","timestamp":"0001-01-01T00:00:00Z"},
                          {"type":"track","userId":"u-1","event":"Login","originalTimestamp":"1850-01-01T00:00:00Z"},
                          {"type":"identify","userId":"u-1","traits":{"mrr":12.34567}},
                          {"type":"track","userId":"u-1","event":"Login","timestamp":"1900-01-01T00:00:00Z"}
                        ]}""".formatted(now))
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(4))
                .body("results[0].errors[0].pointer", equalTo("/batch/0/traits/createdAt"))
                .body("results[1].errors[0].pointer", equalTo("/batch/1/timestamp"))
                .body("results[2].errors[0].pointer", equalTo("/batch/2/originalTimestamp"))
                .body("results[3].errors[0].pointer", equalTo("/batch/3/traits/mrr"));
        assertThat(event(single(tenant)).timestamp()).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
    }

    @Test
    void oversizedMessagesAndBatchesAre413() {
        TestTenants.Tenant tenant = TestTenants.create();
        String big = "x".repeat(33 * 1024);
        segment(tenant)
                .body("{\"userId\":\"u-1\",\"event\":\"Login\",\"properties\":{\"blob\":\"" + big + "\"}}")
                .post("/v1/track")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        String bigMessage =
                "{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Login\",\"properties\":{\"blob\":\"" + big + "\"}}";
        segment(tenant)
                .body("{\"batch\":[" + String.join(",", java.util.Collections.nCopies(16, bigMessage)) + "]}")
                .post("/v1/batch")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        segment(tenant)
                .body("{\"batch\":[" + bigMessage + ",{\"type\":\"track\",\"userId\":\"u-1\",\"event\":\"Login\"}]}")
                .post("/v1/batch")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("results[0].errors[0].pointer", equalTo("/batch/0"));
    }

    private static RequestSpecification segment(TestTenants.Tenant tenant) {
        return given().auth().preemptive().basic(tenant.apiKey(), "").contentType(ContentType.JSON);
    }

    private static ConsumerRecord<String, byte[]> single(TestTenants.Tenant tenant) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.tenantRecords(tenant.id(), 1, WAIT);
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    private static InteractionEvent event(ConsumerRecord<String, byte[]> record) {
        return ContractSerde.fromJson(record.value(), InteractionEvent.class);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
