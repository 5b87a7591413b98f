package io.churnwatch.scoring.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.messaging.ConsumedRecords;
import io.churnwatch.scoring.support.Events;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the decoder reads and what it sends to the dead-letter topic instead. */
class EventDecoderTest {

    private final byte[] event =
            ContractSerde.toJson(Events.event("t", "acme", "complaint", Instant.parse("2026-11-20T10:15:00Z")));

    @ParameterizedTest
    @ValueSource(strings = {"2", "0", "", "1.0"})
    void aRecordOfAnotherSchemaVersionIsDeadLetteredEvenWhenItsBodyReadsAsVersionOne(String version) {
        ConsumerRecord<String, byte[]> record = record(event);
        record.headers().add(new RecordHeader(Topics.SCHEMA_VERSION_HEADER, version.getBytes(StandardCharsets.UTF_8)));

        EventDecoder.Outcome outcome = decode(record);

        assertThat(outcome.event()).isNull();
        assertThat(outcome.reason()).startsWith("schema version " + version + " is not 1");
    }

    @Test
    void aVersionOneRecordIsRead() {
        ConsumerRecord<String, byte[]> record = record(event);
        record.headers().add(new RecordHeader(Topics.SCHEMA_VERSION_HEADER, "1".getBytes(StandardCharsets.UTF_8)));

        assertThat(decode(record).event().event().customerId()).isEqualTo("acme");
    }

    @Test
    void aRecordWithoutTheHeaderIsReadAsVersionOne() {
        assertThat(decode(record(event)).reason()).isNull();
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithTheReason() {
        assertThat(decode(record("{not json".getBytes(StandardCharsets.UTF_8))).reason())
                .contains("Not a valid InteractionEvent");
    }

    /** The record as the consumer hands it over (read by messaging), decoded. */
    private static EventDecoder.Outcome decode(ConsumerRecord<String, byte[]> record) {
        return EventDecoder.decode(
                ConsumedRecords.read(List.of(record), InteractionEvent.class).get(0));
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>(Topics.EVENTS, 0, 0, "t:acme", value);
    }
}
