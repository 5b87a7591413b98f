package io.churnwatch.alert.support;

import io.churnwatch.devstack.TopicRecords;
import io.churnwatch.events.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads {@code churnwatch.risk-changes.dlq} of the real test broker from the beginning to its current end. */
public final class DeadLetters {

    private DeadLetters() {}

    /** The dead letters of one tenant (by key prefix), in partition order. */
    public static List<ConsumerRecord<String, byte[]>> ofTenant(String tenant) {
        return TopicRecords.read(Topics.RISK_CHANGES_DLQ, TopicRecords.ofTenant(tenant), 0, Duration.ofSeconds(10));
    }

    public static String reason(ConsumerRecord<String, byte[]> record) {
        return TopicRecords.header(record, Topics.DLQ_REASON_HEADER);
    }
}
