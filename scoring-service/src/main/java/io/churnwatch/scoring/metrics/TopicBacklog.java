package io.churnwatch.scoring.metrics;

import java.time.Instant;
import java.util.Map;

/** How far the events consumer is behind and what the dead-letter topics hold, as Kafka tells; messaging measures it. */
public interface TopicBacklog {

    /**
     * One measurement.
     *
     * @param lagRecords records of the events topic not yet applied, per partition
     * @param lagSeconds age of the oldest record not yet applied (0 when nothing is behind)
     * @param dlqRecords records held by each dead-letter topic (end minus start offset)
     */
    record Snapshot(Map<Integer, Long> lagRecords, double lagSeconds, Map<String, Long> dlqRecords) {}

    /** Measures against the consumer's stored next offsets (partition to next offset to apply). Blocking. */
    Snapshot measure(Map<Integer, Long> storedNextOffsets, Instant now) throws Exception;
}
