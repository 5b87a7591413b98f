package io.churnwatch.alert.delivery.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.ContractSerde;
import java.io.IOException;

/** JSON helpers for payloads and replies. */
final class Json {

    private Json() {}

    static byte[] bytes(Object payload) {
        return ContractSerde.toJson(payload);
    }

    /** A numeric code from a JSON reply ({@code errcode}, {@code code}, {@code StatusCode}), or 0 when there is none. */
    static int code(String body, String... fields) {
        try {
            JsonNode node = ContractJson.mapper().readTree(body);
            for (String field : fields) {
                if (node != null && node.has(field)) {
                    return node.get(field).asInt();
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
