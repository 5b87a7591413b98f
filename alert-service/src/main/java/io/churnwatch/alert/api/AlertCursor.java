package io.churnwatch.alert.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.alert.persistence.EpisodeRepository;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque {@code cursor} of the alert list: the priority, update time and id of the last alert of a page (keyset
 * paging), as base64url JSON. The next page starts strictly after it, so alerts opened or resolved meanwhile neither
 * repeat nor push others off the walk.
 */
final class AlertCursor {

    private AlertCursor() {}

    static String encode(EpisodeRepository.After after) {
        String json = ContractJson.mapper()
                .createObjectNode()
                .put("priority", after.priority())
                .put("updatedAt", after.updatedAt().toString())
                .put("id", after.id().toString())
                .toString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names, or null without one; a 400 problem when it is not one this list returned. */
    static EpisodeRepository.After decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            JsonNode node =
                    ContractJson.mapper().readTree(Base64.getUrlDecoder().decode(cursor.trim()));
            if (node == null
                    || !node.path("priority").isNumber()
                    || !node.path("updatedAt").isTextual()
                    || !node.path("id").isTextual()) {
                throw invalid();
            }
            return new EpisodeRepository.After(
                    node.get("priority").asDouble(),
                    Instant.parse(node.get("updatedAt").asText()),
                    UUID.fromString(node.get("id").asText()));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    private static ProblemException invalid() {
        return ProblemException.of(ProblemType.INVALID_REQUEST, "cursor is not a cursor this list returned");
    }
}
