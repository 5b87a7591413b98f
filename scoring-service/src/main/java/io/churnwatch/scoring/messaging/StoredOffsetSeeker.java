package io.churnwatch.scoring.messaging;

import io.churnwatch.scoring.state.BatchScoring;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * On partition assignment, seeks to the offsets stored with the state when they are ahead of Kafka's
 * committed ones (Kafka's commits are asynchronous and may lag after a crash). Only an optimisation: the
 * batch skips already-applied offsets anyway. Runs on the polling thread, so it may block (JDBC).
 */
@ApplicationScoped
@Identifier("scoring-offsets")
public class StoredOffsetSeeker implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(StoredOffsetSeeker.class);

    private final DataSource dataSource;

    public StoredOffsetSeeker(DataSource dataSource) {
        this.dataSource = dataSource;
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT topic, partition_no, next_offset FROM scoring.consumer_offsets WHERE group_id = ?")) {
            query.setString(1, BatchScoring.OFFSETS_KEY);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    offsets.put(new TopicPartition(rows.getString(1), rows.getInt(2)), rows.getLong(3));
                }
            }
        }
        offsets.keySet().retainAll(partitions);
        return offsets;
    }
}
