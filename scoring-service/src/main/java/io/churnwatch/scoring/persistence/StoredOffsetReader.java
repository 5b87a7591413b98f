package io.churnwatch.scoring.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A consumer group's stored next offsets read over JDBC, blocking: for the rebalance listener, which runs on Kafka's
 * polling thread (no Vert.x context for the reactive client there).
 */
@ApplicationScoped
public class StoredOffsetReader {

    /** The next offset to apply on one partition of a topic. */
    public record StoredOffset(String topic, int partition, long nextOffset) {}

    private final DataSource dataSource;

    public StoredOffsetReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every partition's stored next offset of the group, over all its topics. */
    public List<StoredOffset> read(String group) throws SQLException {
        List<StoredOffset> offsets = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT topic, partition_no, next_offset FROM scoring.consumer_offsets WHERE group_id = ?")) {
            query.setString(1, group);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    offsets.add(new StoredOffset(rows.getString(1), rows.getInt(2), rows.getLong(3)));
                }
            }
        }
        return offsets;
    }
}
