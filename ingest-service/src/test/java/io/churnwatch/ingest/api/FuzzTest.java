package io.churnwatch.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.devstack.DevStackTestResource;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.ingest.support.HostileRequests;
import io.churnwatch.ingest.support.HostileRequests.HostileRequest;
import io.churnwatch.ingest.support.TestTenants;
import io.churnwatch.ingest.support.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 1,000 generated malformed or hostile requests per public event endpoint: no 5xx, every error is
 * problem+json, and whatever reached Kafka is a well-formed contract event of the caller's tenant.
 */
@QuarkusTest
@WithTestResource(DevStackTestResource.class)
@TestProfile(FuzzTest.NoRateLimit.class)
class FuzzTest {

    private static final int REQUESTS_PER_ENDPOINT = 1_000;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URL base;

    /** The generated volume must trip neither the per-tenant limit nor the failed-login throttle (tested elsewhere). */
    public static class NoRateLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "churnwatch.ingest.rate-limit.events-per-second",
                    "1000000",
                    "churnwatch.ingest.rate-limit.burst",
                    "1000000",
                    "churnwatch.auth.throttle.max-failures",
                    "0");
        }
    }

    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("/v1/events", "events", false), Arguments.of("/v1/events/batch", "events", true),
                Arguments.of("/v1/track", "batch", false), Arguments.of("/v1/identify", "batch", false),
                Arguments.of("/v1/group", "batch", false), Arguments.of("/v1/page", "batch", false),
                Arguments.of("/v1/screen", "batch", false), Arguments.of("/v1/alias", "batch", false),
                Arguments.of("/v1/batch", "batch", true), Arguments.of("/v1/import", "batch", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void hostileRequestsNeverCauseA5xxAndNothingMalformedReachesKafka(String path, String arrayField, boolean batch)
            throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        Arbitrary<HostileRequest> requests = batch
                ? HostileRequests.forBatch(tenant.apiKey(), arrayField)
                : HostileRequests.forSingleEvent(tenant.apiKey());
        List<HostileRequest> sample =
                requests.sampleStream().limit(REQUESTS_PER_ENDPOINT).toList();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (HostileRequest request : sample) {
            HttpResponse<byte[]> response = HTTP.send(
                    HttpRequest.newBuilder(base.toURI().resolve(path))
                            .header("Authorization", request.authorization())
                            .header("Content-Type", request.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.statusCode())
                    .as("status for %s", request.description())
                    .isLessThan(500);
            if (response.statusCode() >= 400) {
                assertThat(response.headers().firstValue("Content-Type"))
                        .as("content type for %s", request.description())
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                JsonNode problem = ContractJson.mapper().readTree(response.body());
                assertThat(problem.path("type").asText())
                        .as("problem type for %s", request.description())
                        .startsWith("urn:churnwatch:problem:");
                assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
            }
        }
        // The generator must reach past the first checks: auth failures, parse errors, field errors, and some accepted
        // events.
        assertThat(statuses).as("answers to %s", path).containsKeys(400, 401).hasSizeGreaterThanOrEqualTo(3);
        for (ConsumerRecord<String, byte[]> record : TopicReader.tenantRecords(tenant.id(), 0, Duration.ofSeconds(5))) {
            InteractionEvent event = ContractSerde.fromJson(record.value(), InteractionEvent.class);
            assertThat(event.tenant()).isEqualTo(tenant.id());
            assertThat(record.key()).isEqualTo(tenant.id() + ":" + event.customerId());
            assertThat(event.customerId())
                    .isNotBlank()
                    .hasSizeLessThanOrEqualTo(256)
                    .doesNotContainPattern("\\p{Cntrl}");
            assertThat(event.type()).isNotBlank().hasSizeLessThanOrEqualTo(100);
            assertThat(event.timestamp()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
            assertThat(ContractLimits.isInstant(event.timestamp()))
                    .as("timestamp %s", event.timestamp())
                    .isTrue();
            if (event.traits() != null) {
                assertThat(event.traits().mrr() == null
                                || ContractLimits.isMoney(event.traits().mrr()))
                        .isTrue();
                assertThat(event.traits().signupDate() == null
                                || ContractLimits.isDate(event.traits().signupDate()))
                        .isTrue();
            }
            assertThat(event.properties().isObject()).isTrue();
            assertThat(record.value().length).isLessThanOrEqualTo(32_768);
        }
    }
}
