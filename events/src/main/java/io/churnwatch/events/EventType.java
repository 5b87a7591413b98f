package io.churnwatch.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The interaction types ChurnWatch understands. An event may carry any other type name: it is kept
 * verbatim as a custom type and scored as neutral unless a tenant gives it a weight.
 */
public enum EventType {
    USAGE,
    LOGIN,
    LIKE,
    UNLIKE,
    DISLIKE,
    UNSUBSCRIBE,
    RESUBSCRIBE,
    COMPLAINT,
    SUPPORT_TICKET,
    ERROR,
    /** Net promoter answer; {@code properties.score} is an integer from 0 to 10. */
    NPS,
    DOWNGRADE,
    UPGRADE,
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    RENEWAL_DUE,
    OWNER_LEFT,
    /** A purchase; {@code properties.amount} is a non-negative number. */
    PURCHASE,
    CHURNED,
    WON_BACK,
    /** Carries customer traits only (Segment identify). */
    IDENTIFY,
    /** Carries account traits only (Segment group). */
    GROUP;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    private static final Map<String, EventType> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    /** The lower snake-case name used on the wire, for example {@code support_ticket}. */
    public String wireName() {
        return wireName;
    }

    /** The known type with this wire name, or empty for a custom type. */
    public static Optional<EventType> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    public static boolean isKnown(String wireName) {
        return fromWireName(wireName).isPresent();
    }
}
