package io.churnwatch.alert.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Db;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.common.auth.ApiKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Limits of the live stream per tenant (open streams and unused tokens, 3 each under the test profile), and a
 * stream ending when its API key is revoked.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class AlertStreamLimitsTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TestHTTPResource("/v1/alerts/stream")
    URL stream;

    /** An open (or refused) stream and the lines read from it so far. */
    private record Opened(HttpResponse<Stream<String>> response, List<String> lines, AtomicBoolean ended) {
        boolean hasEvent(String name) {
            return lines.stream().anyMatch(l -> l.startsWith("event:") && l.contains(name));
        }

        void close() {
            response.body().close();
        }
    }

    @Test
    void aTenantHoldsAtMostThreeUnusedStreamTokens() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        TestTenants.Tenant other = TestTenants.create();
        List<String> tokens = Stream.generate(() -> Api.as(tenant)
                        .post("/v1/alerts/stream/tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("token"))
                .limit(3)
                .toList();

        Api.as(tenant)
                .post("/v1/alerts/stream/tokens")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("urn:churnwatch:problem:limit-reached"));
        Api.as(other).post("/v1/alerts/stream/tokens").then().statusCode(200);

        Opened opened = open("?token=" + tokens.get(0), null);
        assertThat(opened.response().statusCode()).isEqualTo(200);
        Api.as(tenant).post("/v1/alerts/stream/tokens").then().statusCode(200);
        opened.close();
    }

    @Test
    void aTenantHasAtMostThreeStreamsOpenAndAClosedOneMakesRoom() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        TestTenants.Tenant other = TestTenants.create();
        List<Opened> open = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(open("", tenant.apiKey()));
            assertThat(open.get(i).response().statusCode()).isEqualTo(200);
        }

        Opened refused = open("", tenant.apiKey());
        assertThat(refused.response().statusCode()).isEqualTo(429);
        assertThat(refused.response().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(String.join("\n", refused.lines())).contains("urn:churnwatch:problem:limit-reached");
        Opened others = open("", other.apiKey());
        assertThat(others.response().statusCode()).isEqualTo(200);

        open.get(0).close();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Opened again = open("", tenant.apiKey());
            if (again.response().statusCode() == 200) {
                open.add(again);
                return true;
            }
            return false;
        });
        open.forEach(Opened::close);
        others.close();
    }

    @Test
    void aStreamEndsWhenItsApiKeyIsRevokedAndAnotherKeysStreamStaysOpen() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String token = Api.as(tenant)
                .post("/v1/alerts/stream/tokens")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        Opened byToken = open("?token=" + token, null);
        Opened byReadOnlyKey = open("", tenant.readOnlyKey());
        assertThat(byToken.response().statusCode()).isEqualTo(200);
        assertThat(byReadOnlyKey.response().statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> byToken.hasEvent("ping") && byReadOnlyKey.hasEvent("ping"));

        revoke(tenant.apiKey());
        await().atMost(Duration.ofSeconds(30)).untilTrue(byToken.ended());
        assertThat(byToken.hasEvent("end")).isTrue();
        assertThat(byReadOnlyKey.ended()).isFalse();

        revoke(tenant.readOnlyKey());
        await().atMost(Duration.ofSeconds(30)).untilTrue(byReadOnlyKey.ended());
        assertThat(byReadOnlyKey.hasEvent("end")).isTrue();
    }

    private static void revoke(String key) {
        Db.update("UPDATE tenancy.api_keys SET revoked_at = now() WHERE key_hash = ?", ApiKeys.hash(key));
    }

    private Opened open(String query, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stream + query))
                .header("Accept", "text/event-stream")
                .GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<Stream<String>> response = CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        Opened opened = new Opened(response, new CopyOnWriteArrayList<>(), new AtomicBoolean());
        Thread reader = new Thread(
                () -> {
                    try {
                        response.body().forEach(opened.lines()::add);
                    } catch (RuntimeException closed) {
                        // closed by the test
                    }
                    opened.ended().set(true);
                },
                "sse-reader");
        reader.setDaemon(true);
        reader.start();
        if (response.statusCode() != 200) {
            await().atMost(Duration.ofSeconds(10)).untilTrue(opened.ended());
        }
        return opened;
    }
}
