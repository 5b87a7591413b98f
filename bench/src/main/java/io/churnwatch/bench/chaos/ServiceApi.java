package io.churnwatch.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few REST calls the chaos run makes besides posting events: setting tenants up and reading results back. */
final class ServiceApi {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceApi() {}

    /** Creates the tenant and answers a new API key with the ingest, read and write scopes. */
    static String createTenant(URI ingest, String adminToken, String tenant) throws IOException, InterruptedException {
        post(
                ingest.resolve("/admin/tenants"),
                adminToken,
                "{\"id\":\"" + tenant + "\",\"name\":\"Chaos " + tenant + "\"}");
        return post(
                        ingest.resolve("/admin/tenants/" + tenant + "/keys"),
                        adminToken,
                        "{\"name\":\"chaos\",\"scopes\":[\"ingest\",\"read\",\"write\"]}")
                .get("key")
                .asText();
    }

    /** Another key of the tenant, with the given scopes. */
    static String createKey(URI ingest, String adminToken, String tenant, String... scopes)
            throws IOException, InterruptedException {
        String name = "chaos " + String.join(" ", scopes);
        String list = String.join("\",\"", scopes);
        return post(
                        ingest.resolve("/admin/tenants/" + tenant + "/keys"),
                        adminToken,
                        "{\"name\":\"" + name + "\",\"scopes\":[\"" + list + "\"]}")
                .get("key")
                .asText();
    }

    /** Posts one event to {@code POST /v1/events} and answers the status; a 503 is sent again (up to 10 times). */
    static int postEvent(URI ingest, String key, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(ingest.resolve("/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        int status = 0;
        for (int attempt = 0; attempt < 10 && (status == 0 || status == 503); attempt++) {
            if (attempt > 0) {
                Thread.sleep(1000);
            }
            status =
                    CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        return status;
    }

    /** A webhook channel, and a rule that sends every episode from high up to it. */
    static void routeHighRiskTo(URI alert, String key, String webhookUrl) throws IOException, InterruptedException {
        JsonNode channel = post(
                alert.resolve("/v1/channels"),
                key,
                "{\"name\":\"chaos webhook\",\"type\":\"WEBHOOK\",\"target\":\"" + webhookUrl
                        + "\",\"secret\":\"chaos-secret\"}");
        post(
                alert.resolve("/v1/routing-rules"),
                key,
                "{\"name\":\"high risk to the webhook\",\"minLevel\":\"HIGH\",\"channelIds\":[\""
                        + channel.get("id").asText() + "\"]}");
    }

    static JsonNode get(URI uri, String key) throws IOException, InterruptedException {
        HttpResponse<String> answer = CLIENT.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + key)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return check("GET", uri, answer);
    }

    private static JsonNode post(URI uri, String bearer, String json) throws IOException, InterruptedException {
        HttpResponse<String> answer = CLIENT.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + bearer)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return check("POST", uri, answer);
    }

    private static JsonNode check(String method, URI uri, HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return ContractJson.mapper().readTree(answer.body());
    }
}
