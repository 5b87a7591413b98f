package io.churnwatch.alert.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.events.ContractJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a customer's score history from scoring-service ({@code GET /v1/customers/{id}/timeline}) with the
 * caller's own API key. Optional: without {@code churnwatch.alert.scoring.base-url}, or when the scoring
 * service does not answer in time, the answer is empty and the inbox shows the alert's own history only.
 */
@ApplicationScoped
public class ScoringClient {

    private static final Logger LOG = Logger.getLogger(ScoringClient.class);

    private final Optional<String> baseUrl;
    private final AlertConfig.Scoring config;
    private final HttpClient client;

    public ScoringClient(AlertConfig config) {
        this.config = config.scoring();
        this.baseUrl =
                this.config.baseUrl().map(url -> url.replaceAll("/+$", "")).filter(url -> !url.isBlank());
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.config.timeout())
                .build();
    }

    /** The timeline's JSON, or null when the scoring service is not configured, unreachable or answers an error. */
    public Uni<JsonNode> timeline(String authorization, String customerId) {
        if (baseUrl.isEmpty() || authorization == null) {
            return Uni.createFrom().nullItem();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl.get() + "/v1/customers/"
                        + URLEncoder.encode(customerId, StandardCharsets.UTF_8).replace("+", "%20") + "/timeline"))
                .timeout(config.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        return Uni.createFrom()
                .completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(reply -> {
                    if (reply.statusCode() != 200) {
                        LOG.debugf("Scoring timeline answered %d", reply.statusCode());
                        return (JsonNode) null;
                    }
                    try {
                        return ContractJson.mapper().readTree(reply.body());
                    } catch (java.io.IOException e) {
                        return null;
                    }
                })
                .onFailure()
                .recoverWithItem(error -> {
                    LOG.debugf("Scoring service unreachable: %s", error.toString());
                    return null;
                });
    }
}
