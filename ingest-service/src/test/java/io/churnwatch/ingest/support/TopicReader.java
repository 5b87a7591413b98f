package io.churnwatch.ingest.support;

import io.churnwatch.devstack.TopicRecords;
import io.churnwatch.events.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the events topic of the real test broker from the beginning. */
public final class TopicReader {

    private TopicReader() {}

    /** Every record of a tenant (by key prefix), read until {@code expected} arrived or {@code within} passed, then a short settle time for extras. */
    public static List<ConsumerRecord<String, byte[]>> tenantRecords(String tenant, int expected, Duration within) {
        return TopicRecords.read(Topics.EVENTS, TopicRecords.ofTenant(tenant), expected, within);
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TopicRecords.header(record, name);
    }
}
