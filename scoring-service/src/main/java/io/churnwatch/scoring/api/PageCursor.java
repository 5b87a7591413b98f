package io.churnwatch.scoring.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.state.CustomerQueries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of the customer list: the sort it belongs to and the sort key and id of the last
 * customer of the previous page (keyset paging), as base64url JSON. A page after it starts strictly after that key,
 * so customers added or removed meanwhile neither repeat nor push others off the walk.
 */
final class PageCursor {

    private PageCursor() {}

    static String encode(String sort, CustomerQueries.After after) {
        ObjectNode node = ContractJson.mapper()
                .createObjectNode()
                .put("sort", sort)
                .put("value", after.value())
                .put("id", after.customerId());
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor names, or null without one; a 400 problem naming {@code cursor} when it is not ours or another sort's. */
    static CustomerQueries.After decode(String cursor, String sort) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            JsonNode node =
                    ContractJson.mapper().readTree(Base64.getUrlDecoder().decode(cursor.trim()));
            if (node == null
                    || !node.path("id").isTextual()
                    || !node.path("value").isNumber()
                    || !node.path("sort").isTextual()) {
                throw QueryParams.invalid("cursor", "is not a cursor this list returned");
            }
            if (!sort.equals(node.get("sort").asText())) {
                throw QueryParams.invalid(
                        "cursor", "belongs to sort '" + node.get("sort").asText() + "'; keep the sort while paging");
            }
            return new CustomerQueries.After(
                    node.get("value").asDouble(), node.get("id").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw QueryParams.invalid("cursor", "is not a cursor this list returned");
        }
    }
}
