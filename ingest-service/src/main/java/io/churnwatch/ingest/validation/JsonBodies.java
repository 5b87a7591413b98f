package io.churnwatch.ingest.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnwatch.common.problem.JsonErrors;
import io.churnwatch.common.problem.Problem.FieldError;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads request bodies into JSON trees with hostile-input limits (nesting depth, string and number
 * length), and splits batch bodies into their events while measuring each event's size in bytes.
 */
public final class JsonBodies {

    /** One element of a batch array and how many bytes of the body it took. */
    public record Element(JsonNode node, int bytes) {}

    /** A batch body: its elements and its other top-level members (such as a shared Segment context). */
    public record Batch(List<Element> elements, ObjectNode envelope) {}

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(32)
                            .maxStringLength(1_000_000)
                            .maxNumberLength(100)
                            .build())
                    .build())
            .build();

    private JsonBodies() {}

    public static JsonNode parse(byte[] body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw ProblemException.of(ProblemType.MALFORMED_JSON, "The request body is empty");
            }
            requireEnd(parser);
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The request body could not be read");
        }
    }

    /**
     * The text of a top-level member of an object body, read by the tokenizer alone (no tree is built and
     * other members are skipped), or empty when the body is not such an object.
     */
    public static Optional<String> topLevelText(byte[] body, String field) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() == JsonToken.VALUE_STRING && name.equals(field)) {
                    return Optional.of(parser.getText());
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Splits a batch: either a bare array, or an object whose {@code arrayField} holds the array.
     * Fails with 413 past {@code maxElements}.
     */
    public static Batch parseBatch(byte[] body, String arrayField, int maxElements) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonToken first = parser.nextToken();
            ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            List<Element> elements = null;
            if (first == JsonToken.START_ARRAY) {
                elements = readElements(parser, maxElements, "/");
            } else if (first == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (name.equals(arrayField) && value == JsonToken.START_ARRAY) {
                        elements = readElements(parser, maxElements, "/" + arrayField);
                    } else {
                        envelope.set(name, MAPPER.readTree(parser));
                    }
                }
            } else if (first == null) {
                throw ProblemException.of(ProblemType.MALFORMED_JSON, "The request body is empty");
            }
            if (elements == null) {
                throw arrayProblem(
                        ProblemType.INVALID_REQUEST,
                        arrayField,
                        "The body must be an object with an '" + arrayField + "' array");
            }
            requireEnd(parser);
            if (elements.isEmpty()) {
                throw arrayProblem(ProblemType.INVALID_REQUEST, arrayField, "The '" + arrayField + "' array is empty");
            }
            return new Batch(elements, envelope);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The request body could not be read");
        }
    }

    private static List<Element> readElements(JsonParser parser, int maxElements, String pointer) throws IOException {
        List<Element> elements = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (elements.size() == maxElements) {
                String detail = "A batch holds at most " + maxElements + " events";
                throw ProblemException.invalid(
                        ProblemType.PAYLOAD_TOO_LARGE,
                        detail,
                        List.of(new FieldError(pointer, "holds at most " + maxElements + " items")));
            }
            long start = parser.currentTokenLocation().getByteOffset();
            JsonNode node = MAPPER.readTree(parser);
            long end = parser.currentLocation().getByteOffset();
            elements.add(new Element(node, (int) (end - start)));
        }
        return elements;
    }

    private static ProblemException arrayProblem(ProblemType type, String arrayField, String detail) {
        return ProblemException.invalid(
                type, detail, List.of(new FieldError("/" + arrayField, "must be a non-empty array")));
    }

    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw ProblemException.of(
                    ProblemType.MALFORMED_JSON,
                    "Unexpected content after the JSON value (line "
                            + parser.currentLocation().getLineNr() + ", column "
                            + parser.currentLocation().getColumnNr() + ")");
        }
    }

    private static ProblemException malformed(JsonProcessingException e) {
        return ProblemException.of(ProblemType.MALFORMED_JSON, JsonErrors.describe(e));
    }
}
