package io.churnwatch.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads the constraints an OpenAPI 3.1 schema declares and makes, for each, a value that breaks it: a required member
 * left out, a string one past maxLength, a number past maximum, an unknown enum value, the wrong JSON type, and so on.
 */
final class ConstraintBreaker {

    /**
     * One broken request part: what it breaks, the JSON pointer of the offending field, and how to break the valid value.
     * {@code alsoNamed} is another pointer that names it well enough (a set, for one of its elements), or null.
     */
    record Break(String constraint, String pointer, UnaryOperator<JsonNode> apply, String alsoNamed) {

        Break(String constraint, String pointer, UnaryOperator<JsonNode> apply) {
            this(constraint, pointer, apply, null);
        }

        boolean namedBy(List<String> pointers) {
            return pointers.contains(pointer) || alsoNamed != null && pointers.contains(alsoNamed);
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> NON_MATCHING = List.of("not valid!", " ", "", "!");
    private static final int MAX_DEPTH = 6;

    private final JsonNode document;

    ConstraintBreaker(JsonNode document) {
        this.document = document;
    }

    /** The schema behind a {@code $ref}, or the schema itself. */
    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current != null && current.has("$ref")) {
            String ref = current.get("$ref").asText();
            current = document.at(ref.substring(1));
        }
        return current == null ? JSON.objectNode() : current;
    }

    /** Every break of a body whose valid form is {@code example}, under {@code schema}. */
    List<Break> body(JsonNode schema, JsonNode example) {
        List<Break> breaks = new ArrayList<>();
        object(resolve(schema), example, "", breaks, 0);
        return breaks;
    }

    /** Every break of one parameter's value (a string on the wire), named by {@code pointer}. */
    List<Break> parameter(JsonNode schema, String pointer) {
        List<Break> breaks = new ArrayList<>();
        scalar(resolve(schema), "", breaks, false);
        return breaks.stream()
                .map(b -> new Break(b.constraint() + pointer, pointer, b.apply()))
                .toList();
    }

    private void object(JsonNode schema, JsonNode example, String pointer, List<Break> breaks, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String at = pointer + "/" + escape(name);
            JsonNode member = resolve(properties.get(name));
            if (contains(schema.path("required"), name)) {
                breaks.add(new Break("required " + at, at, body -> remove(body, at)));
            }
            member(member, example == null ? null : example.get(name), at, breaks, depth);
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null
                && additional.isObject()
                && additional.size() > 0
                && example != null
                && example.fieldNames().hasNext()) {
            JsonNode values = resolve(additional);
            String key = example.fieldNames().next();
            member(values, example.get(key), pointer + "/" + escape(key), breaks, depth);
            if (schema.has("maxProperties")) {
                int max = schema.get("maxProperties").asInt();
                JsonNode value = example.get(key);
                breaks.add(new Break(
                        "maxProperties " + pointer,
                        pointer.isEmpty() ? "/" : pointer,
                        body -> replace(body, pointer, () -> {
                            ObjectNode many = JSON.objectNode();
                            for (int i = 0; i <= max; i++) {
                                many.set("key-" + i, value.deepCopy());
                            }
                            return many;
                        })));
            }
        }
    }

    private void member(JsonNode schema, JsonNode example, String pointer, List<Break> breaks, int depth) {
        String type = schema.path("type")
                .asText(schema.has("properties") || schema.has("additionalProperties") ? "object" : "");
        switch (type) {
            case "object" -> {
                breaks.add(new Break(
                        "type " + pointer, pointer, body -> set(body, pointer, JSON.textNode("not-an-object"))));
                // Members of an object the example leaves out are not broken: a valid one to break them in is not
                // known.
                if (example != null && example.isObject()) {
                    object(schema, example, pointer, breaks, depth + 1);
                }
            }
            case "array" -> array(schema, example, pointer, breaks, depth);
            case "string", "number", "integer", "boolean" -> scalar(schema, pointer, breaks, true);
            default -> {
                // no declared type: nothing to break
            }
        }
    }

    private void array(JsonNode schema, JsonNode example, String pointer, List<Break> breaks, int depth) {
        breaks.add(new Break("type " + pointer, pointer, body -> set(body, pointer, JSON.textNode("not-an-array"))));
        if (schema.path("minItems").asInt(0) > 0) {
            breaks.add(new Break("minItems " + pointer, pointer, body -> set(body, pointer, JSON.arrayNode())));
        }
        if (example == null || !example.isArray() || example.isEmpty()) {
            return; // the example shows no valid item to repeat or break
        }
        JsonNode first = example.get(0);
        if (schema.has("maxItems")) {
            int max = schema.get("maxItems").asInt();
            breaks.add(new Break("maxItems " + pointer, pointer, body -> set(body, pointer, repeat(first, max + 1))));
        }
        // A set's element has no position: a finding about it names the set.
        String itemPointer = pointer + "/0";
        boolean set = schema.path("uniqueItems").asBoolean(false);
        List<Break> itemBreaks = new ArrayList<>();
        member(resolve(schema.path("items")), first, itemPointer, itemBreaks, depth + 1);
        for (Break itemBreak : itemBreaks) {
            boolean element = set && itemBreak.pointer().equals(itemPointer);
            breaks.add(
                    element
                            ? new Break(itemBreak.constraint(), itemBreak.pointer(), itemBreak.apply(), pointer)
                            : itemBreak);
        }
    }

    /** Breaks of a string, number or boolean; a parameter's value is text on the wire, so a string parameter has no wrong type. */
    private void scalar(JsonNode schema, String pointer, List<Break> breaks, boolean inBody) {
        String type = schema.path("type").asText();
        if (schema.has("enum")) {
            breaks.add(new Break(
                    "enum " + pointer, pointer, body -> set(body, pointer, JSON.textNode("not-a-listed-value"))));
        }
        switch (type) {
            case "string" -> {
                if (inBody) {
                    breaks.add(new Break(
                            "type " + pointer,
                            pointer,
                            body -> set(body, pointer, JSON.objectNode().put("not", "a string"))));
                }
                if (schema.has("maxLength")) {
                    String tooLong = "x".repeat(schema.get("maxLength").asInt() + 1);
                    breaks.add(new Break(
                            "maxLength " + pointer, pointer, body -> set(body, pointer, JSON.textNode(tooLong))));
                }
                if (schema.path("minLength").asInt(0) > 0) {
                    breaks.add(
                            new Break("minLength " + pointer, pointer, body -> set(body, pointer, JSON.textNode(""))));
                }
                if (schema.has("pattern")) {
                    Pattern pattern = Pattern.compile(schema.get("pattern").asText());
                    NON_MATCHING.stream()
                            .filter(candidate -> !pattern.matcher(candidate).find())
                            .findFirst()
                            .ifPresent(candidate -> breaks.add(new Break(
                                    "pattern " + pointer,
                                    pointer,
                                    body -> set(body, pointer, JSON.textNode(candidate)))));
                }
                String format = schema.path("format").asText("");
                if (format.equals("date") || format.equals("date-time")) {
                    breaks.add(new Break(
                            "format " + pointer,
                            pointer,
                            body -> set(body, pointer, JSON.textNode("not-a-" + format))));
                }
            }
            case "number", "integer" -> {
                breaks.add(new Break(
                        "type " + pointer, pointer, body -> set(body, pointer, JSON.textNode("not-a-number"))));
                if (schema.has("maximum")) {
                    BigDecimal maximum = schema.get("maximum").decimalValue();
                    breaks.add(new Break(
                            "maximum " + pointer,
                            pointer,
                            body -> set(body, pointer, JSON.numberNode(maximum.add(BigDecimal.ONE)))));
                    if (type.equals("number")) {
                        breaks.add(new Break(
                                "finite maximum " + pointer,
                                pointer,
                                body -> set(body, pointer, JSON.numberNode(new BigDecimal("1e300")))));
                    }
                }
                if (schema.has("exclusiveMaximum")) {
                    BigDecimal bound = schema.get("exclusiveMaximum").decimalValue();
                    breaks.add(new Break(
                            "exclusiveMaximum " + pointer,
                            pointer,
                            body -> set(body, pointer, JSON.numberNode(bound))));
                }
                if (schema.has("minimum")) {
                    BigDecimal minimum = schema.get("minimum").decimalValue();
                    breaks.add(new Break(
                            "minimum " + pointer,
                            pointer,
                            body -> set(body, pointer, JSON.numberNode(minimum.subtract(BigDecimal.ONE)))));
                }
                if (schema.has("exclusiveMinimum")) {
                    BigDecimal bound = schema.get("exclusiveMinimum").decimalValue();
                    breaks.add(new Break(
                            "exclusiveMinimum " + pointer,
                            pointer,
                            body -> set(body, pointer, JSON.numberNode(bound))));
                }
            }
            case "boolean" ->
                breaks.add(new Break(
                        "type " + pointer, pointer, body -> set(body, pointer, JSON.textNode("not-a-boolean"))));
            default -> {
                // enums without a type were covered above
            }
        }
    }

    /** {@code times} items like {@code item}; strings are numbered, so that a set keeps them all. */
    private static ArrayNode repeat(JsonNode item, int times) {
        ArrayNode array = JSON.arrayNode();
        for (int i = 0; i < times; i++) {
            array.add(
                    item.isTextual()
                            ? JSON.textNode(
                                    item.asText().length() > 3 ? item.asText().substring(0, 3) + i : item.asText() + i)
                            : item.deepCopy());
        }
        return array;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode element : array) {
            if (element.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** {@code body} with the value at {@code pointer} set (parents created as objects); the root itself when the pointer is empty. */
    static JsonNode set(JsonNode body, String pointer, JsonNode value) {
        return replace(body, pointer, () -> value);
    }

    private static JsonNode replace(JsonNode body, String pointer, java.util.function.Supplier<JsonNode> value) {
        if (pointer.isEmpty()) {
            return value.get();
        }
        JsonNode copy = body == null ? JSON.objectNode() : body.deepCopy();
        String[] tokens = pointer.substring(1).split("/", -1);
        JsonNode parent = copy;
        for (int i = 0; i < tokens.length - 1; i++) {
            String token = unescape(tokens[i]);
            JsonNode child = parent.isArray() ? parent.get(Integer.parseInt(token)) : parent.get(token);
            if (child == null || !child.isContainerNode()) {
                child = JSON.objectNode();
                ((ObjectNode) parent).set(token, child);
            }
            parent = child;
        }
        String last = unescape(tokens[tokens.length - 1]);
        if (parent.isArray()) {
            ((ArrayNode) parent).set(Integer.parseInt(last), value.get());
        } else {
            ((ObjectNode) parent).set(last, value.get());
        }
        return copy;
    }

    private static JsonNode remove(JsonNode body, String pointer) {
        JsonNode copy = body.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(unescape(pointer.substring(slash + 1)));
        }
        return copy;
    }
}
