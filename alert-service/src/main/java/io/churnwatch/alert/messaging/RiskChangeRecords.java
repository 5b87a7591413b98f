package io.churnwatch.alert.messaging;

import io.churnwatch.events.ContractRecords;
import io.churnwatch.events.RiskChange;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * A consumed batch read defensively, record by record: the risk changes in consumption order (so each
 * customer's changes stay in order), and a dead letter for every record that is not a usable change.
 */
record RiskChangeRecords(
        List<RiskChange> changes,
        Map<RiskChange, ConsumerRecord<String, byte[]>> origins,
        List<DeadLetter> deadLetters) {

    static RiskChangeRecords of(ConsumerRecords<String, byte[]> records) {
        List<RiskChange> changes = new ArrayList<>(records.count());
        Map<RiskChange, ConsumerRecord<String, byte[]>> origins = new IdentityHashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ContractRecords.Read<RiskChange> read = ContractRecords.read(record, RiskChange.class);
            RiskChange change = read.message();
            if (read.problem() != null) {
                deadLetters.add(new DeadLetter(record, read.problem()));
            } else if (change == null
                    || change.changeId() == null
                    || change.tenant() == null
                    || change.customerId() == null
                    || change.newLevel() == null) {
                deadLetters.add(
                        new DeadLetter(record, "A risk change needs changeId, tenant, customerId and newLevel"));
            } else {
                changes.add(change);
                origins.put(change, record);
            }
        }
        return new RiskChangeRecords(changes, origins, deadLetters);
    }
}
