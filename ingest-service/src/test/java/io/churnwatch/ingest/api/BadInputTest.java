package io.churnwatch.ingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets a precise problem+json answer, never a 500, and nothing reaches Kafka. */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private static final String JSON = "application/json";
    private TestTenants.Tenant tenant;
    private TestTenants.Tenant replayTenant;

    static Stream<Arguments> badRequests() {
        String future = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        return Stream.of(
                bad("truncated JSON", "/v1/events", JSON, "{\"customerId\":", 400, "malformed-json"),
                bad("empty body", "/v1/events", JSON, "", 400, "malformed-json"),
                bad(
                        "trailing garbage",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\"} {}",
                        400,
                        "malformed-json"),
                bad(
                        "nesting 100 deep",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"properties\":" + "{\"a\":".repeat(100) + "1"
                                + "}".repeat(101),
                        400,
                        "malformed-json"),
                bad("array instead of object", "/v1/events", JSON, "[1,2]", 400, "invalid-event"),
                bad("missing customerId", "/v1/events", JSON, "{\"type\":\"usage\"}", 400, "invalid-event"),
                bad(
                        "customerId is an object",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":{\"id\":1},\"type\":\"usage\"}",
                        400,
                        "invalid-event"),
                bad(
                        "customerId blank",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"  \",\"type\":\"usage\"}",
                        400,
                        "invalid-event"),
                bad(
                        "customerId too long",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"" + "x".repeat(300) + "\",\"type\":\"usage\"}",
                        400,
                        "invalid-event"),
                bad(
                        "customerId with control character",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"a\\u0000b\",\"type\":\"usage\"}",
                        400,
                        "invalid-event"),
                bad("missing type", "/v1/events", JSON, "{\"customerId\":\"c\"}", 400, "invalid-event"),
                bad(
                        "type is a boolean",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":true}",
                        400,
                        "invalid-event"),
                bad(
                        "timestamp not ISO-8601",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"timestamp\":\"yesterday\"}",
                        400,
                        "invalid-event"),
                bad(
                        "timestamp without offset",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"timestamp\":\"2026-11-20T10:00:00\"}",
                        400,
                        "invalid-event"),
                bad(
                        "timestamp a day in the future",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"timestamp\":\"" + future + "\"}",
                        400,
                        "invalid-event"),
                bad(
                        "timestamp is a number",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"timestamp\":1700000000}",
                        400,
                        "invalid-event"),
                bad(
                        "properties is an array",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"properties\":[1]}",
                        400,
                        "invalid-event"),
                bad(
                        "nps without score",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"nps\"}",
                        400,
                        "invalid-event"),
                bad(
                        "nps score 11",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"nps\",\"properties\":{\"score\":11}}",
                        400,
                        "invalid-event"),
                bad(
                        "nps score as string",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"nps\",\"properties\":{\"score\":\"9\"}}",
                        400,
                        "invalid-event"),
                bad(
                        "purchase with negative amount",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"purchase\",\"properties\":{\"amount\":-5}}",
                        400,
                        "invalid-event"),
                bad(
                        "negative mrr",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"identify\",\"traits\":{\"mrr\":-1}}",
                        400,
                        "invalid-event"),
                bad(
                        "currency not ISO-4217",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"identify\",\"traits\":{\"currency\":\"euro\"}}",
                        400,
                        "invalid-event"),
                bad(
                        "signup date invalid",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"identify\",\"traits\":{\"signupDate\":\"32/13/2020\"}}",
                        400,
                        "invalid-event"),
                bad(
                        "traits is a string",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"identify\",\"traits\":\"vip\"}",
                        400,
                        "invalid-event"),
                bad(
                        "tenant in body differs from key",
                        "/v1/events",
                        JSON,
                        "{\"tenant\":\"someone-else\",\"customerId\":\"c\",\"type\":\"usage\"}",
                        400,
                        "invalid-event"),
                bad(
                        "messageId too long",
                        "/v1/events",
                        JSON,
                        "{\"messageId\":\"" + "m".repeat(300) + "\",\"customerId\":\"c\",\"type\":\"usage\"}",
                        400,
                        "invalid-event"),
                bad(
                        "event over 32 KB",
                        "/v1/events",
                        JSON,
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"properties\":{\"blob\":\"" + "x".repeat(33_000)
                                + "\"}}",
                        413,
                        "payload-too-large"),
                bad("batch over 512 KB", "/v1/events/batch", JSON, batchOf(40, 14_000), 413, "payload-too-large"),
                bad("batch of 501 events", "/v1/events/batch", JSON, batchOf(501, 10), 413, "payload-too-large"),
                bad("empty batch", "/v1/events/batch", JSON, "{\"events\":[]}", 400, "invalid-request"),
                bad("batch without events array", "/v1/events/batch", JSON, "{\"evts\":[]}", 400, "invalid-request"),
                bad("batch is a string", "/v1/events/batch", JSON, "\"events\"", 400, "invalid-request"),
                bad(
                        "batch malformed",
                        "/v1/events/batch",
                        JSON,
                        "{\"events\":[{\"customerId\":\"c\",}]}",
                        400,
                        "malformed-json"),
                bad(
                        "text/plain body",
                        "/v1/events",
                        "text/plain",
                        "{\"customerId\":\"c\",\"type\":\"usage\"}",
                        415,
                        "unsupported-media-type"),
                bad("xml body", "/v1/events/batch", "application/xml", "<events/>", 415, "unsupported-media-type"),
                bad("unknown path", "/v1/nothing-here", JSON, "{}", 404, "not-found"),
                outOfRange(
                        "mrr with 15 integer digits (issue 12)",
                        "{\"customerId\":\"p1\",\"type\":\"usage\","
                                + "\"traits\":{\"mrr\":\"999999999999999.99995\"}}",
                        "/traits/mrr"),
                outOfRange("mrr with 13 integer digits", traits("\"mrr\":1234567890123"), "/traits/mrr"),
                outOfRange("mrr with 5 decimals", traits("\"mrr\":\"0.12345\""), "/traits/mrr"),
                outOfRange(
                        "monthlyRevenue past any double", traits("\"monthlyRevenue\":1e400"), "/traits/monthlyRevenue"),
                outOfRange(
                        "monthly_revenue with 13 digits",
                        traits("\"monthly_revenue\":\"1e12\""),
                        "/traits/monthly_revenue"),
                outOfRange(
                        "createdAt in year 9999999",
                        traits("\"createdAt\":\"+9999999-01-01T00:00:00Z\""),
                        "/traits/createdAt"),
                outOfRange(
                        "signupDate +9999999-01-01 (issue 12)",
                        traits("\"signupDate\":\"+9999999-01-01\""),
                        "/traits/signupDate"),
                outOfRange("signup_date in 9999", traits("\"signup_date\":\"9999-12-31\""), "/traits/signup_date"),
                outOfRange("created_at before 1900", traits("\"created_at\":\"1899-12-31\""), "/traits/created_at"),
                outOfRange(
                        "nps score past 32 bits",
                        "{\"customerId\":\"c\",\"type\":\"nps\",\"properties\":{\"score\":4294967306}}",
                        "/properties/score"),
                outOfRange("purchase amount with 13 digits", purchase("1234567890123"), "/properties/amount"),
                outOfRange("purchase amount past any double", purchase("1e400"), "/properties/amount"),
                outOfRange(
                        "batch event with mrr past 12 digits",
                        "/v1/events/batch",
                        "{\"events\":[" + traits("\"mrr\":\"9999999999999\"") + "]}",
                        "/events/0/traits/mrr"));
    }

    /** Values ingest accepted and storage could not hold: a 400 naming the field, whatever the key's scopes. */
    static Stream<Arguments> outOfRangeForReplayKeys() {
        return Stream.of(
                Arguments.of("timestamp in 1899", "/v1/events", at("1899-12-31T23:59:59Z"), "/timestamp"),
                Arguments.of("timestamp in year 1", "/v1/events", at("0001-01-01T00:00:00Z"), "/timestamp"),
                Arguments.of("timestamp in year -9999", "/v1/events", at("-9999-01-01T00:00:00Z"), "/timestamp"),
                Arguments.of(
                        "batch timestamp in 1800",
                        "/v1/events/batch",
                        "{\"events\":[" + at("1800-06-01T00:00:00Z") + "]}",
                        "/events/0/timestamp"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputGetsAProblemAnswer(
            String name, String path, String contentType, String body, int status, String problem, String pointer) {
        Response response = authorized()
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(path);
        response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:" + problem))
                .body("status", equalTo(status))
                .body("title", not(emptyOrNullString()))
                .body("detail", not(emptyOrNullString()));
        assertThat(response.asString()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void fieldErrorsNameTheField(
            String name, String path, String contentType, String body, int status, String problem, String pointer) {
        if (!"invalid-event".equals(problem)) {
            return;
        }
        Response response = authorized().contentType(contentType).body(body).post(path);
        response.then().body(firstPointer(path), org.hamcrest.Matchers.startsWith("/"));
        if (pointer != null) {
            response.then().body(firstPointer(path), equalTo(pointer));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRangeForReplayKeys")
    void theReplayScopeDoesNotLiftTheContractRanges(String name, String path, String body, String pointer) {
        given().auth()
                .oauth2(replayTenant().apiKey())
                .contentType(JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:invalid-event"))
                .body(firstPointer(path), equalTo(pointer));
    }

    @org.junit.jupiter.api.Test
    void theEdgesOfTheRangesAreAccepted() {
        given().auth()
                .oauth2(replayTenant().apiKey())
                .contentType(JSON)
                .body(event("\"timestamp\":\"1900-01-01T00:00:00Z\",\"traits\":{\"mrr\":\"999999999999.9999\","
                        + "\"signupDate\":\"2199-12-31\"}"))
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @org.junit.jupiter.api.Test
    void aWrongHttpMethodIs405() {
        authorized()
                .get("/v1/events")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:method-not-allowed"));
    }

    @org.junit.jupiter.api.Test
    void anInvalidIdempotencyKeyIs400() {
        authorized()
                .contentType(JSON)
                .header("Idempotency-Key", "has spaces in it")
                .body("{\"events\":[{\"customerId\":\"c\",\"type\":\"usage\"}]}")
                .post("/v1/events/batch")
                .then()
                .statusCode(400)
                .body("type", equalTo("urn:churnwatch:problem:invalid-request"));
    }

    @org.junit.jupiter.api.Test
    void aBodyThatIsNotGzipDespiteItsHeaderIs400() {
        authorized()
                .contentType(JSON)
                .header("Content-Encoding", "gzip")
                .body("not gzip at all")
                .post("/v1/events")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:malformed-json"));
    }

    @org.junit.jupiter.api.Test
    void aGzipBombIsStoppedAtTheLimit() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(("{\"customerId\":\"c\",\"type\":\"usage\",\"properties\":{\"x\":\"" + "0".repeat(5_000_000)
                            + "\"}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        assertThat(zipped.size()).isLessThan(32_768);
        authorized()
                .contentType(JSON)
                .header("Content-Encoding", "gzip")
                .body(zipped.toByteArray())
                .post("/v1/events")
                .then()
                .statusCode(413)
                .body("type", equalTo("urn:churnwatch:problem:payload-too-large"));
    }

    @org.junit.jupiter.api.Test
    void anUnknownContentEncodingIs415() {
        authorized()
                .contentType(JSON)
                .header("Content-Encoding", "br")
                .body("{}")
                .post("/v1/events")
                .then()
                .statusCode(415)
                .body("type", equalTo("urn:churnwatch:problem:unsupported-media-type"));
    }

    @org.junit.jupiter.api.Test
    void aBodyOverTheHttpLayersCapIs413ProblemJson() {
        authorized()
                .contentType(JSON)
                .body(new byte[3 * 1024 * 1024])
                .post("/v1/events/batch")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:churnwatch:problem:payload-too-large"));
    }

    @org.junit.jupiter.api.Test
    void aGzipBodyIsAccepted() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("{\"customerId\":\"gz\",\"type\":\"usage\"}".getBytes(StandardCharsets.UTF_8));
        }
        authorized()
                .contentType(JSON)
                .header("Content-Encoding", "gzip")
                .body(zipped.toByteArray())
                .post("/v1/events")
                .then()
                .statusCode(202);
    }

    @AfterAll
    void nothingRejectedReachedKafka() {
        assertThat(TopicReader.tenantRecords(tenant.id(), 1, Duration.ofSeconds(10)))
                .extracting(record -> record.key())
                .containsExactly(tenant.id() + ":gz");
        assertThat(TopicReader.tenantRecords(replayTenant().id(), 1, Duration.ofSeconds(10)))
                .extracting(record -> record.key())
                .containsExactly(replayTenant().id() + ":c");
    }

    private TestTenants.Tenant replayTenant() {
        if (replayTenant == null) {
            replayTenant = TestTenants.create(java.util.Map.of(), false, java.util.List.of("ingest", "replay"));
        }
        return replayTenant;
    }

    private static String firstPointer(String path) {
        return path.endsWith("/batch") ? "results[0].errors[0].pointer" : "errors[0].pointer";
    }

    private RequestSpecification authorized() {
        if (tenant == null) {
            tenant = TestTenants.create();
        }
        return given().auth().oauth2(tenant.apiKey());
    }

    private static Arguments bad(
            String name, String path, String contentType, String body, int status, String problem) {
        return Arguments.of(name, path, contentType, body, status, problem, null);
    }

    private static Arguments outOfRange(String name, String body, String pointer) {
        return outOfRange(name, "/v1/events", body, pointer);
    }

    private static Arguments outOfRange(String name, String path, String body, String pointer) {
        return Arguments.of(name, path, JSON, body, 400, "invalid-event", pointer);
    }

    private static String event(String members) {
        return "{\"customerId\":\"c\",\"type\":\"identify\"," + members + "}";
    }

    private static String at(String timestamp) {
        return event("\"timestamp\":\"" + timestamp + "\"");
    }

    private static String traits(String members) {
        return event("\"traits\":{" + members + "}");
    }

    private static String purchase(String amount) {
        return "{\"customerId\":\"c\",\"type\":\"purchase\",\"properties\":{\"amount\":" + amount + "}}";
    }

    private static String batchOf(int events, int padding) {
        return IntStream.range(0, events)
                .mapToObj(i -> "{\"customerId\":\"c" + i + "\",\"type\":\"usage\",\"properties\":{\"pad\":\""
                        + "p".repeat(padding) + "\"}}")
                .collect(Collectors.joining(",", "{\"events\":[", "]}"));
    }
}
