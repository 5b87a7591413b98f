package io.churnwatch.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One customer interaction as written to {@link Topics#EVENTS}: contract version 1 (see docs/events.md).
 *
 * @param messageId the client's id for deduplication, or a generated one when {@code clientMessageId} is false
 * @param clientMessageId whether the client supplied {@code messageId} (only then are duplicates detected)
 * @param tenant the tenant that owns the event: always taken from the API key, never from the request body
 * @param customerId the customer (for B2B, the account)
 * @param type a {@link EventType} wire name or any other name, kept as a custom type
 * @param timestamp when the interaction happened
 * @param receivedAt when ChurnWatch accepted it
 * @param properties free-form properties of the event (a JSON object, possibly empty)
 * @param traits customer traits carried by identify and group calls, or null
 * @param source where the event came from: {@code api}, {@code segment} or {@code replay}
 */
public record InteractionEvent(
        String messageId,
        boolean clientMessageId,
        String tenant,
        String customerId,
        String type,
        Instant timestamp,
        Instant receivedAt,
        JsonNode properties,
        CustomerTraits traits,
        String source) {

    /** The Kafka record key: per-customer ordering. */
    public String key() {
        return Topics.customerKey(tenant, customerId);
    }

    /** Whether this is one of the built-in types rather than a custom one. */
    public boolean hasKnownType() {
        return EventType.isKnown(type);
    }
}
