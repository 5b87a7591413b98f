package io.churnwatch.scoring.messaging;

import io.churnwatch.scoring.persistence.StoredOffsetReader;
import io.churnwatch.scoring.state.BatchScoring;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * On partition assignment, seeks to the offsets stored with the state when they are ahead of Kafka's
 * committed ones (Kafka's commits are asynchronous and may lag after a crash). Only an optimisation: the
 * batch skips already-applied offsets anyway. Runs on the polling thread, so it may block ({@link StoredOffsetReader}).
 */
@ApplicationScoped
@Identifier("scoring-offsets")
public class StoredOffsetSeeker implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(StoredOffsetSeeker.class);

    private final StoredOffsetReader reader;

    public StoredOffsetSeeker(StoredOffsetReader reader) {
        this.reader = reader;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            Map<TopicPartition, Long> stored = stored(partitions);
            for (TopicPartition partition : partitions) {
                Long next = stored.get(partition);
                if (next != null && next > consumer.position(partition)) {
                    consumer.seek(partition, next);
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf(e, "Could not read stored offsets; consuming from Kafka's committed offsets");
        }
    }

    private Map<TopicPartition, Long> stored(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (StoredOffsetReader.StoredOffset stored : reader.read(BatchScoring.OFFSETS_KEY)) {
            offsets.put(new TopicPartition(stored.topic(), stored.partition()), stored.nextOffset());
        }
        offsets.keySet().retainAll(partitions);
        return offsets;
    }
}
