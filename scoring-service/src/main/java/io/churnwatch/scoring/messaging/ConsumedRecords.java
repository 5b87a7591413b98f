package io.churnwatch.scoring.messaging;

import io.churnwatch.events.ContractRecords;
import io.churnwatch.scoring.state.ConsumedRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads consumed records as contract messages for the features, which never see Kafka's types. */
public final class ConsumedRecords {

    private ConsumedRecords() {}

    /** Each record with its message, or the reason it has none (no value, another schema version, unreadable JSON). */
    public static <T> List<ConsumedRecord<T>> read(Iterable<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        List<ConsumedRecord<T>> read = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ContractRecords.Read<T> contract = ContractRecords.read(record, type);
            read.add(new ConsumedRecord<>(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    record.value(),
                    contract.message(),
                    contract.problem()));
        }
        return read;
    }
}
