package io.churnwatch.scoring.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.churnwatch.events.ContractJson;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads arrays that queries return as text: numbers comma-separated ('NaN' for NULL), strings as JSON. */
final class JsonArrays {

    private JsonArrays() {}

    static float[] floats(String csv) {
        if (csv == null || csv.isEmpty()) {
            return new float[0];
        }
        String[] parts = csv.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    static double[] doubles(String csv) {
        String[] parts = csv.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    static List<String> strings(String json) {
        try {
            return ContractJson.mapper().readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
