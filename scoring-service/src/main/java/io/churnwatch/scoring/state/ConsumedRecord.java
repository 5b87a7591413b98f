package io.churnwatch.scoring.state;

/**
 * A consumed Kafka record as messaging hands it to a feature: where it was read, its key and value as consumed (a dead
 * letter keeps them byte for byte), and the contract message read from it, or why none could be read.
 *
 * @param <T> the contract message type
 * @param message the message read from the value, null when {@code problem} is set
 * @param problem why the value holds no message of this schema version, else null
 */
public record ConsumedRecord<T>(
        String topic, int partition, long offset, String key, byte[] value, T message, String problem) {

    /** Where the record was read ({@code topic-partition@offset}), as dead letters and logs name it. */
    public String origin() {
        return "%s-%d@%d".formatted(topic, partition, offset);
    }
}
