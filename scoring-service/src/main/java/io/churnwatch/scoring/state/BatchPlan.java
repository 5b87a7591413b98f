package io.churnwatch.scoring.state;

import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.MessageKeys;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.OutboxEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one consumed batch asks for, before any state is touched: records at offsets already applied
 * (by the stored next offsets) are skipped, unreadable ones become dead letters, the rest are decoded
 * events keyed by their message-id hash (a message id twice in one batch is kept once).
 *
 * @param events decoded events by message-id hash, in consumption order
 * @param deadLetters outbox rows for the dead-letter topic
 * @param nextOffsets per partition, the offset after the last record of the batch
 * @param redelivered records skipped because their offset was already applied
 */
public record BatchPlan(
        Map<UUID, DecodedEvent> events,
        List<OutboxEntity> deadLetters,
        Map<Integer, Long> nextOffsets,
        int redelivered) {

    public static BatchPlan of(Iterable<ConsumedRecord<InteractionEvent>> records, Map<Integer, Long> storedOffsets) {
        Map<UUID, DecodedEvent> events = new LinkedHashMap<>();
        List<OutboxEntity> deadLetters = new ArrayList<>();
        Map<Integer, Long> nextOffsets = new HashMap<>();
        int redelivered = 0;
        for (ConsumedRecord<InteractionEvent> record : records) {
            if (record.offset() < storedOffsets.getOrDefault(record.partition(), 0L)) {
                redelivered++;
                continue;
            }
            nextOffsets.merge(record.partition(), record.offset() + 1, Math::max);
            EventDecoder.Outcome outcome = EventDecoder.decode(record);
            if (outcome.event() == null) {
                deadLetters.add(deadLetter(record, null, outcome.reason()));
            } else {
                var event = outcome.event().event();
                events.putIfAbsent(MessageKeys.of(event.tenant(), event.messageId()), outcome.event());
            }
        }
        return new BatchPlan(events, deadLetters, nextOffsets, redelivered);
    }

    /**
     * A dead letter for an event that was read but could not be applied. The value is kept byte for byte; NUL,
     * which PostgreSQL text cannot hold, becomes U+FFFD in the key, tenant and reason.
     */
    public static OutboxEntity deadLetter(String key, byte[] value, String tenantId, String reason) {
        OutboxEntity row = new OutboxEntity();
        row.topic = Topics.EVENTS_DLQ;
        row.recordKey = storable(key);
        row.payload = value;
        row.tenantId = storable(tenantId);
        row.dlqReason = storable(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        return row;
    }

    static OutboxEntity deadLetter(ConsumedRecord<?> record, String tenantId, String reason) {
        return deadLetter(record.key(), record.value(), tenantId, "%s (from %s)".formatted(reason, record.origin()));
    }

    private static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
