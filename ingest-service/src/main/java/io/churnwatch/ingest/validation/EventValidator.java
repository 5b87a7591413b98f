package io.churnwatch.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.churnwatch.common.problem.Problem.FieldError;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks one event in the v1 request format (docs/events.md) and builds the contract event.
 * Every finding names its field with a JSON pointer.
 */
@ApplicationScoped
public class EventValidator {

    /** How an event arrived, which decides the horizon check and the source field. */
    public record Context(String tenant, String source, boolean replay) {}

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    /** What a money amount must be, for error messages. */
    static final String MONEY_RULE = "from 0 with at most " + ContractLimits.MONEY_INTEGER_DIGITS
            + " digits before and " + ContractLimits.MONEY_FRACTION_DIGITS + " after the decimal point";

    private final Clock clock;
    private final IngestConfig config;

    public EventValidator(Clock clock, IngestConfig config) {
        this.clock = clock;
        this.config = config;
    }

    public Candidate validate(int index, JsonNode node, String pointer, Context context) {
        List<FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return Candidate.invalid(index, null, List.of(new FieldError(pointerOr(pointer), "must be a JSON object")));
        }
        String messageId = text(node, "messageId", pointer, ContractLimits.MAX_ID_LENGTH, false, errors);
        String customerId = text(node, "customerId", pointer, ContractLimits.MAX_ID_LENGTH, true, errors);
        String typeName = text(node, "type", pointer, ContractLimits.MAX_TYPE_LENGTH, true, errors);
        String tenantInBody = node.has("tenant") ? node.get("tenant").asText(null) : null;
        if (tenantInBody != null && !tenantInBody.equals(context.tenant())) {
            errors.add(new FieldError(pointer + "/tenant", "the tenant comes from the API key; leave it out"));
        }
        Instant now = clock.instant();
        Instant timestamp = timestamp(node.get("timestamp"), pointer + "/timestamp", now, context.replay(), errors);
        JsonNode properties = properties(node.get("properties"), pointer + "/properties", errors);
        String type = typeName == null ? null : normalizeType(typeName);
        if (type != null && properties != null) {
            checkTypeProperties(type, properties, pointer + "/properties", errors);
        }
        CustomerTraits traits = TraitsReader.read(node.get("traits"), pointer + "/traits", errors);
        if (!errors.isEmpty()) {
            return Candidate.invalid(index, messageId, errors);
        }
        boolean clientId = messageId != null;
        InteractionEvent event = new InteractionEvent(
                clientId ? messageId : UUID.randomUUID().toString(),
                clientId,
                context.tenant(),
                customerId,
                type,
                timestamp == null ? now : timestamp,
                now,
                properties,
                traits == null || traits.isEmpty() ? null : traits,
                context.source());
        byte[] json = ContractSerde.toJson(event);
        if (json.length > config.maxEventBytes()) {
            return Candidate.oversize(
                    index,
                    messageId,
                    new FieldError(
                            pointerOr(pointer),
                            "event is " + json.length + " bytes; the limit is " + config.maxEventBytes()));
        }
        return Candidate.valid(index, event, json);
    }

    /** Known types match regardless of case ("Complaint" is complaint); any other name is kept as a custom type. */
    public static String normalizeType(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return EventType.fromWireName(lower).map(EventType::wireName).orElse(name.trim());
    }

    private Instant timestamp(JsonNode value, String pointer, Instant now, boolean replay, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(
                    pointer, "must be an ISO-8601 string with a UTC offset, such as 2026-11-20T10:15:00Z"));
            return null;
        }
        Optional<Instant> parsed = Timestamps.parse(value.asText());
        if (parsed.isEmpty()) {
            errors.add(new FieldError(
                    pointer,
                    "'" + shorten(value.asText())
                            + "' is not an ISO-8601 date-time with a UTC offset, such as 2026-11-20T10:15:00Z"));
            return null;
        }
        Instant timestamp = parsed.get();
        if (!ContractLimits.isInstant(timestamp)) {
            errors.add(new FieldError(pointer, "must lie " + ContractLimits.dateRange()));
        } else if (timestamp.isAfter(now.plus(config.futureTolerance()))) {
            errors.add(new FieldError(
                    pointer, "lies more than " + config.futureTolerance().toMinutes() + " minutes in the future"));
        } else if (!replay && timestamp.isBefore(now.minus(config.horizon()))) {
            errors.add(new FieldError(
                    pointer,
                    "is older than the ingest horizon of " + config.horizon().toDays() + " days"));
        }
        return timestamp;
    }

    private static JsonNode properties(JsonNode value, String pointer, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!value.isObject()) {
            errors.add(new FieldError(pointer, "must be a JSON object"));
            return null;
        }
        return value;
    }

    private static void checkTypeProperties(String type, JsonNode properties, String pointer, List<FieldError> errors) {
        if (EventType.NPS.wireName().equals(type)) {
            JsonNode score = properties.get("score");
            if (score == null
                    || !score.isNumber()
                    || !score.canConvertToExactIntegral()
                    || !score.canConvertToLong()
                    || !ContractLimits.isNpsScore(score.asLong())) {
                errors.add(new FieldError(
                        pointer + "/score",
                        "an nps event needs an integer score from " + ContractLimits.NPS_MIN + " to "
                                + ContractLimits.NPS_MAX));
            }
        } else if (EventType.PURCHASE.wireName().equals(type)) {
            JsonNode amount = properties.get("amount");
            if (amount == null || !amount.isNumber() || !ContractLimits.isMoney(decimal(amount))) {
                errors.add(new FieldError(pointer + "/amount", "a purchase event needs a number amount " + MONEY_RULE));
            }
        }
    }

    /** The exact value of a JSON number, or null for one no decimal can hold (an overflowed double such as 1e400). */
    static BigDecimal decimal(JsonNode number) {
        try {
            return number.decimalValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String text(
            JsonNode node, String field, String pointer, int maxLength, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(field);
        String path = pointer + "/" + field;
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            errors.add(new FieldError(path, "must be a string"));
            return null;
        }
        String text = value.asText();
        if (text.isBlank()) {
            errors.add(new FieldError(path, "must not be blank"));
            return null;
        }
        if (text.length() > maxLength) {
            errors.add(new FieldError(path, "must be at most " + maxLength + " characters"));
            return null;
        }
        if (hasControlCharacter(text)) {
            errors.add(new FieldError(path, "must not contain control characters"));
            return null;
        }
        return text;
    }

    /** The same test as the regex {@code \p{Cntrl}}, which in Java covers ASCII controls only, without a regex per field. */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    static boolean isCurrency(String text) {
        return CURRENCY.matcher(text).matches();
    }

    static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String pointerOr(String pointer) {
        return pointer.isEmpty() ? "/" : pointer;
    }

    static int maxText() {
        return ContractLimits.MAX_TRAIT_LENGTH;
    }

    /** Parses ISO-8601 instants and dates. */
    public static final class Timestamps {
        private Timestamps() {}

        public static Optional<Instant> parse(String text) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }

        static Optional<LocalDate> parseDate(String text) {
            try {
                return Optional.of(
                        text.indexOf('T') < 0
                                ? LocalDate.parse(text)
                                : OffsetDateTime.parse(text).toLocalDate());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
