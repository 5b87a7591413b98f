package io.churnwatch.ingest.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnwatch.common.problem.Problem.FieldError;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.EventType;
import io.churnwatch.ingest.tenant.TenantSettings;
import io.churnwatch.ingest.validation.EventValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns one Segment message into an event of ChurnWatch's own v1 request format (see docs/segment.md). */
public final class SegmentTranslator {

    /** Segment's call types. */
    public static final Set<String> CALLS = Set.of("track", "identify", "group", "page", "screen", "alias");

    /** Members Segment's spec types as strings (ids may also be numbers, as some libraries send them). */
    private static final List<String> TEXT_MEMBERS = List.of(
            "userId",
            "anonymousId",
            "previousId",
            "groupId",
            "event",
            "name",
            "category",
            "timestamp",
            "originalTimestamp",
            "sentAt",
            "messageId",
            "writeKey");
    /** Members Segment's spec types as objects. */
    private static final List<String> OBJECT_MEMBERS = List.of("properties", "traits", "context");

    /**
     * The outcome for one message: an event in the v1 format to validate, or errors, or ignored (alias).
     *
     * @param sourceFields which Segment field each v1 field came from, to point errors at what the client sent
     */
    public record Translation(
            ObjectNode event, Map<String, String> sourceFields, List<FieldError> errors, boolean ignored) {

        static Translation ignore() {
            return new Translation(null, Map.of(), List.of(), true);
        }

        /** Rewrites a pointer into the v1 event ({@code /batch/3/customerId}) to the Segment field it came from ({@code /batch/3/userId}). */
        public String sourcePointer(String base, String pointer) {
            for (Map.Entry<String, String> field : sourceFields.entrySet()) {
                String v1 = base + "/" + field.getKey();
                if (pointer.equals(v1) || pointer.startsWith(v1 + "/")) {
                    return base + "/" + field.getValue() + pointer.substring(v1.length());
                }
            }
            return pointer;
        }
    }

    /** What a batch says for all its messages. */
    public record Envelope(JsonNode context, JsonNode sentAt) {
        public static final Envelope NONE = new Envelope(null, null);
    }

    private SegmentTranslator() {}

    /**
     * @param call the call type given by the path ({@code /v1/track}), or null for a batch, whose messages name their own
     * @param pointer JSON pointer of the message in the request body
     */
    public static Translation translate(
            JsonNode message,
            String call,
            Envelope envelope,
            TenantSettings settings,
            Instant receivedAt,
            String pointer) {
        List<FieldError> errors = new ArrayList<>();
        checkMemberTypes(message, pointer, errors);
        String type = call != null ? call : callOf(message.get("type"), pointer, errors);
        if (type == null || !errors.isEmpty()) {
            return new Translation(null, Map.of(), errors, false);
        }
        if (type.equals("alias")) {
            return Translation.ignore();
        }
        JsonNode context = merge(envelope.context(), message.get("context"));
        Map<String, String> sourceFields = new LinkedHashMap<>();
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        copy(message, "messageId", event, "messageId");
        customer(message, type, context, settings, event, sourceFields, pointer, errors);
        event.put("type", eventType(message, type, settings, sourceFields, pointer, errors));
        timestamp(message, envelope, receivedAt, event, sourceFields, pointer, errors);
        switch (type) {
            case "track" -> copy(message, "properties", event, "properties");
            case "identify" -> copy(message, "traits", event, "traits");
            case "group" -> {
                copy(message, "traits", event, "traits");
                ObjectNode properties = event.putObject("properties");
                copy(message, "groupId", properties, "groupId");
            }
            default -> usageProperties(message, type, event, sourceFields);
        }
        return new Translation(errors.isEmpty() ? event : null, sourceFields, errors, false);
    }

    /**
     * The members of Segment's spec that ChurnWatch documents have their spec's types, whether or not this call uses them
     * (an anonymousId beside a userId, traits on a track call): a client that sends another type has a bug worth telling.
     */
    private static void checkMemberTypes(JsonNode message, String pointer, List<FieldError> errors) {
        for (String member : TEXT_MEMBERS) {
            JsonNode value = message.get(member);
            if (value != null && !value.isNull() && !value.isTextual() && !value.isNumber()) {
                errors.add(new FieldError(pointer + "/" + member, "must be a string"));
            }
        }
        for (String member : OBJECT_MEMBERS) {
            JsonNode value = message.get(member);
            if (value != null && !value.isNull() && !value.isObject()) {
                errors.add(new FieldError(pointer + "/" + member, "must be a JSON object"));
            }
        }
    }

    /** What is wrong with a batch's shared members: a context that is not an object, a sentAt or writeKey that is not a string. */
    public static List<FieldError> envelopeErrors(JsonNode envelope) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode context = envelope.get("context");
        if (context != null && !context.isNull() && !context.isObject()) {
            errors.add(new FieldError("/context", "must be a JSON object"));
        }
        for (String member : List.of("sentAt", "writeKey")) {
            JsonNode value = envelope.get(member);
            if (value != null && !value.isNull() && !value.isTextual()) {
                errors.add(new FieldError("/" + member, "must be a string"));
            }
        }
        return errors;
    }

    private static String callOf(JsonNode value, String pointer, List<FieldError> errors) {
        String call = value != null && value.isTextual() ? value.asText().trim().toLowerCase(Locale.ROOT) : null;
        if (call == null || !CALLS.contains(call)) {
            errors.add(new FieldError(pointer + "/type", "must be one of track, identify, group, page, screen, alias"));
            return null;
        }
        return call;
    }

    /** userId, else anonymousId; for tenants whose customers are accounts, the group id wins. */
    private static void customer(
            JsonNode message,
            String type,
            JsonNode context,
            TenantSettings settings,
            ObjectNode event,
            Map<String, String> sourceFields,
            String pointer,
            List<FieldError> errors) {
        List<String> candidates = new ArrayList<>();
        if (settings.accountFromGroupId()) {
            candidates.add(type.equals("group") ? "groupId" : "context/groupId");
        }
        candidates.add("userId");
        candidates.add("anonymousId");
        for (String field : candidates) {
            JsonNode value = field.equals("context/groupId")
                    ? (context == null ? null : context.get("groupId"))
                    : message.get(field);
            if (present(value)) {
                event.set("customerId", value);
                sourceFields.put("customerId", field);
                return;
            }
        }
        errors.add(new FieldError(pointer + "/userId", "a message needs a userId or an anonymousId"));
    }

    private static String eventType(
            JsonNode message,
            String type,
            TenantSettings settings,
            Map<String, String> sourceFields,
            String pointer,
            List<FieldError> errors) {
        return switch (type) {
            case "track" -> {
                JsonNode name = message.get("event");
                if (!present(name) || !name.isTextual()) {
                    errors.add(new FieldError(pointer + "/event", "a track call needs an event name"));
                    yield null;
                }
                sourceFields.put("type", "event");
                yield settings.typeForTrack(name.asText());
            }
            case "identify" -> EventType.IDENTIFY.wireName();
            case "group" -> EventType.GROUP.wireName();
            default -> EventType.USAGE.wireName();
        };
    }

    /** {@code timestamp}, else {@code originalTimestamp} corrected for the client's clock skew as Segment does, else none (now). */
    private static void timestamp(
            JsonNode message,
            Envelope envelope,
            Instant receivedAt,
            ObjectNode event,
            Map<String, String> sourceFields,
            String pointer,
            List<FieldError> errors) {
        if (present(message.get("timestamp"))) {
            event.set("timestamp", message.get("timestamp"));
            return;
        }
        JsonNode original = message.get("originalTimestamp");
        if (!present(original)) {
            return;
        }
        sourceFields.put("timestamp", "originalTimestamp");
        JsonNode sentAt = present(message.get("sentAt")) ? message.get("sentAt") : envelope.sentAt();
        Optional<Instant> originalAt = instant(original);
        Optional<Instant> sentAtInstant = present(sentAt) ? instant(sentAt) : Optional.empty();
        if (originalAt.isEmpty() || !present(sentAt) || !ContractLimits.isInstant(originalAt.get())) {
            event.set("timestamp", original);
        } else if (sentAtInstant.isEmpty()) {
            errors.add(new FieldError(pointer + "/sentAt", "must be an ISO-8601 date-time with a UTC offset"));
        } else if (!ContractLimits.isInstant(sentAtInstant.get())) {
            errors.add(new FieldError(pointer + "/sentAt", "must lie " + ContractLimits.dateRange()));
        } else {
            Duration sinceEvent = Duration.between(originalAt.get(), sentAtInstant.get());
            event.put("timestamp", receivedAt.minus(sinceEvent).toString());
        }
    }

    /** Pages and screens are usage; their name and category are kept as properties. */
    private static void usageProperties(
            JsonNode message, String type, ObjectNode event, Map<String, String> sourceFields) {
        JsonNode given = message.get("properties");
        ObjectNode properties = given != null && given.isObject()
                ? ((ObjectNode) given).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        if (given != null && !given.isNull() && !given.isObject()) {
            event.set("properties", given);
            return;
        }
        copy(message, "name", properties, "name");
        copy(message, "category", properties, "category");
        properties.put("segmentCall", type);
        event.set("properties", properties);
    }

    /** The batch's context under the message's own: the message wins (an explicit null too), objects merge member by member. */
    static JsonNode merge(JsonNode under, JsonNode over) {
        if (over == null) {
            return under;
        }
        if (under == null || !under.isObject() || !over.isObject()) {
            return over;
        }
        ObjectNode merged = ((ObjectNode) under).deepCopy();
        over.fields()
                .forEachRemaining(
                        field -> merged.set(field.getKey(), merge(merged.get(field.getKey()), field.getValue())));
        return merged;
    }

    private static Optional<Instant> instant(JsonNode value) {
        return value.isTextual() ? EventValidator.Timestamps.parse(value.asText()) : Optional.empty();
    }

    private static boolean present(JsonNode value) {
        return value != null
                && !value.isNull()
                && !(value.isTextual() && value.asText().isBlank());
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }
}
