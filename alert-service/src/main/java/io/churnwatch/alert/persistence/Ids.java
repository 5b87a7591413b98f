package io.churnwatch.alert.persistence;

import com.fasterxml.jackson.core.type.TypeReference;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/** Lists of ids stored as JSON text columns. */
public final class Ids {

    private static final TypeReference<List<UUID>> UUID_LIST = new TypeReference<>() {};

    private Ids() {}

    public static List<UUID> parse(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return ContractJson.mapper().readValue(json, UUID_LIST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String format(List<UUID> ids) {
        try {
            return ContractJson.mapper().writeValueAsString(ids == null ? List.of() : ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
