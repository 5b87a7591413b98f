package io.churnwatch.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks at how far the scoring service has got: consumer lag of its group on a topic (end offsets
 * minus Kafka's committed offsets, or minus the offsets it stored with its state in PostgreSQL), its
 * outbox, its event-time watermark and the customers whose usage-gap step is due.
 */
public final class PipelineProbe implements AutoCloseable {

    private final Admin admin;
    private final Connection db;

    public PipelineProbe(String bootstrapServers, String jdbcUrl, String user) throws SQLException {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.db = DriverManager.getConnection(jdbcUrl, user, "");
    }

    /** End offsets of every partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Records of {@code topic} not yet committed to Kafka by {@code group} (Admin listConsumerGroupOffsets vs end offsets). */
    public long kafkaLag(String group, String topic) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : endOffsets(topic).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** Records of {@code topic} not yet applied by the scoring service: end offsets minus the next offsets stored with its state. */
    public long storedLag(String group, String topic) throws ExecutionException, InterruptedException, SQLException {
        Map<Integer, Long> stored = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT partition_no, next_offset FROM scoring.consumer_offsets WHERE group_id = ? AND topic = ?")) {
            q.setString(1, group);
            q.setString(2, topic);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // the service has not migrated yet
                stored.clear();
            } else {
                throw e;
            }
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : endOffsets(topic).entrySet()) {
            lag += e.getValue() - stored.getOrDefault(e.getKey().partition(), 0L);
        }
        return lag;
    }

    /** Records of {@code topic} the group has applied: the sum of the next offsets stored with its state. */
    public long appliedRecords(String group, String topic) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM scoring.consumer_offsets WHERE group_id = ? AND topic = ?")) {
            q.setString(1, group);
            q.setString(2, topic);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0;
            }
            throw e;
        }
    }

    /** Outbox rows not yet acknowledged by Kafka. */
    public long unsentOutbox() throws SQLException {
        return count("SELECT count(*) FROM scoring.outbox WHERE sent_at IS NULL");
    }

    /** The tenant's event-time watermark, or null. */
    public Instant watermark(String tenant) throws SQLException {
        try (PreparedStatement q =
                db.prepareStatement("SELECT watermark FROM scoring.tenant_clocks WHERE tenant_id = ?")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /** Moves the tenant's watermark forward to {@code at} (never back), as events up to that time would. */
    public void advanceWatermark(String tenant, Instant at) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(
                "UPDATE scoring.tenant_clocks SET watermark = GREATEST(watermark, ?) WHERE tenant_id = ?")) {
            u.setTimestamp(1, Timestamp.from(at));
            u.setString(2, tenant);
            u.executeUpdate();
        }
    }

    /** The tenant's customers whose usage-gap step is due at or before the watermark (the gap scan has work left). */
    public long dueCustomers(String tenant) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("""
                SELECT count(*) FROM scoring.customers c JOIN scoring.tenant_clocks t ON t.tenant_id = c.tenant_id
                WHERE c.tenant_id = ? AND c.next_due_at <= t.watermark""")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How far the gap scan trails the tenant's watermark: the watermark minus the oldest due time before it, else zero. */
    public Duration gapScanLag(String tenant) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("""
                SELECT t.watermark, (SELECT min(c.next_due_at) FROM scoring.customers c WHERE c.tenant_id = t.tenant_id
                    AND c.next_due_at IS NOT NULL) FROM scoring.tenant_clocks t WHERE t.tenant_id = ?""")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(2) == null) {
                    return Duration.ZERO;
                }
                Duration lag = Duration.between(
                        rs.getTimestamp(2).toInstant(), rs.getTimestamp(1).toInstant());
                return lag.isNegative() ? Duration.ZERO : lag;
            }
        }
    }

    /** Score-history rows of the tenant by cause (EVENT, GAP_SCAN) and level. */
    public Map<String, Long> historyByCauseAndLevel(String tenant) throws SQLException {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (PreparedStatement q = db.prepareStatement(
                "SELECT cause || '/' || level, count(*) FROM scoring.score_history WHERE tenant_id = ? GROUP BY 1")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    public Connection db() {
        return db;
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        admin.close();
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
