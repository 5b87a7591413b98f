package io.churnwatch.scoring.persistence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * Rows as one JSON array of objects, the single parameter of a bulk statement that reads them with
 * {@code json_to_recordset(cast(?1 as json)) WITH ORDINALITY}: one bind, no per-column array types, and
 * PostgreSQL parses the text into typed columns. Instants are ISO-8601, bytes base64 (decoded in SQL).
 */
final class JsonRows {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private final StringWriter text = new StringWriter();
    private final JsonGenerator json;
    private int count;

    JsonRows() {
        try {
            json = FACTORY.createGenerator(text);
            json.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the next row; its field {@code n} is its position (from 1), for ORDER BY n. */
    JsonRows row() {
        return io(() -> {
            if (json.getOutputContext().inObject()) {
                json.writeEndObject();
            }
            json.writeStartObject();
            json.writeNumberField("n", ++count);
        });
    }

    /** The number of rows started. */
    int size() {
        return count;
    }

    JsonRows put(String name, String value) {
        return io(() -> {
            if (value == null) {
                json.writeNullField(name);
            } else {
                json.writeStringField(name, value);
            }
        });
    }

    JsonRows put(String name, Object value) {
        return put(
                name,
                value == null
                        ? null
                        : value instanceof byte[] bytes
                                ? Base64.getEncoder().encodeToString(bytes)
                                : value instanceof Enum<?> e ? e.name() : value.toString());
    }

    JsonRows put(String name, double value) {
        return io(() -> json.writeNumberField(name, value));
    }

    JsonRows put(String name, Double value) {
        return value == null ? put(name, (String) null) : put(name, value.doubleValue());
    }

    JsonRows put(String name, long value) {
        return io(() -> json.writeNumberField(name, value));
    }

    JsonRows put(String name, BigDecimal value) {
        return value == null ? put(name, (String) null) : io(() -> json.writeNumberField(name, value));
    }

    /** A JSON array of numbers; NaN becomes null (PostgreSQL arrays read it back as NULL). */
    JsonRows put(String name, float[] values) {
        return io(() -> {
            json.writeArrayFieldStart(name);
            for (float v : values) {
                if (Float.isNaN(v)) {
                    json.writeNull();
                } else {
                    json.writeNumber(v);
                }
            }
            json.writeEndArray();
        });
    }

    JsonRows put(String name, java.util.List<String> values) {
        return io(() -> {
            json.writeArrayFieldStart(name);
            for (String v : values) {
                json.writeString(v);
            }
            json.writeEndArray();
        });
    }

    /** The finished array. */
    String toJson() {
        return io(() -> {
                    if (json.getOutputContext().inObject()) {
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.close();
                })
                .text
                .toString();
    }

    private interface Write {
        void run() throws IOException;
    }

    private JsonRows io(Write write) {
        try {
            write.run();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
