package io.churnwatch.scoring.support;

import io.churnwatch.devstack.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic of the real test broker from the beginning to its current end. */
public final class TopicReader {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    private TopicReader() {}

    public static List<ConsumerRecord<String, byte[]>> read(
            String topic, Predicate<ConsumerRecord<String, byte[]>> filter) {
        return TopicRecords.read(topic, filter, 0, WITHIN);
    }

    /** Records of one tenant (by key prefix). */
    public static List<ConsumerRecord<String, byte[]>> ofTenant(String topic, String tenant) {
        return read(topic, TopicRecords.ofTenant(tenant));
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        return TopicRecords.header(record, name);
    }
}
