package io.churnwatch.events;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads a consumed record's value as a contract message: a missing value, another schema version or
 * unreadable JSON give a reason to dead-letter the record instead of a message.
 */
public final class ContractRecords {

    /** Exactly one of {@code message} and {@code problem} is set. */
    public record Read<T>(T message, String problem) {}

    private ContractRecords() {}

    public static <T> Read<T> read(ConsumerRecord<String, byte[]> record, Class<T> type) {
        if (record.value() == null) {
            return new Read<>(null, "record has no value");
        }
        Header version = record.headers().lastHeader(Topics.SCHEMA_VERSION_HEADER);
        if (version != null && !Arrays.equals(version.value(), SchemaVersion.CURRENT_HEADER_VALUE)) {
            // A breaking change raises the version (docs/events.md): reading it as this version could apply it wrongly.
            return new Read<>(
                    null,
                    "schema version " + new String(version.value(), StandardCharsets.UTF_8) + " is not "
                            + SchemaVersion.CURRENT + ", the version this service reads");
        }
        try {
            return new Read<>(ContractSerde.fromJson(record.value(), type), null);
        } catch (RuntimeException e) {
            return new Read<>(null, e.getMessage());
        }
    }
}
