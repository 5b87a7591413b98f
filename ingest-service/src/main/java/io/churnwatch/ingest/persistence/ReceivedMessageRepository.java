package io.churnwatch.ingest.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Message ids seen per tenant, keyed by a 128-bit hash of (tenant, messageId). One statement per
 * request reserves all new ids at once; a second marks the written ones after Kafka acknowledged them.
 */
@ApplicationScoped
public class ReceivedMessageRepository {

    /** What is known of a message id that could not be reserved. */
    public enum Seen { WRITTEN, IN_FLIGHT }

    private final Pool pool;

    public ReceivedMessageRepository(Pool pool) {
        this.pool = pool;
    }

    /** Reserves the ids not seen before; returns those reserved by this call. */
    public Uni<Set<String>> reserve(String tenant, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Map<UUID, String> keys = keys(tenant, messageIds);
        return pool.preparedQuery("INSERT INTO ingest.received_messages (id_hash) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING RETURNING id_hash")
                .execute(Tuple.of(keys.keySet().toArray(UUID[]::new)))
                .map(rows -> messageIds(rows, keys));
    }

    /** Takes over reservations older than {@code staleAfter}: left by a crash between reserving and writing. */
    public Uni<Set<String>> takeOverStale(String tenant, Collection<String> messageIds, Duration staleAfter) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Map<UUID, String> keys = keys(tenant, messageIds);
        return pool.preparedQuery("""
                UPDATE ingest.received_messages SET seen_at = now()
                WHERE id_hash = ANY($1) AND NOT written AND seen_at < now() - make_interval(secs => $2)
                RETURNING id_hash""")
                .execute(Tuple.of(keys.keySet().toArray(UUID[]::new), (double) staleAfter.toSeconds()))
                .map(rows -> messageIds(rows, keys));
    }

    /** The state of ids that are already known. */
    public Uni<Map<String, Seen>> states(String tenant, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<UUID, String> keys = keys(tenant, messageIds);
        return pool.preparedQuery("SELECT id_hash, written FROM ingest.received_messages WHERE id_hash = ANY($1)")
                .execute(Tuple.of(keys.keySet().toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, Seen> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(keys.get(row.getUUID(0)), row.getBoolean(1) ? Seen.WRITTEN : Seen.IN_FLIGHT);
                    }
                    return states;
                });
    }

    public Uni<Void> markWritten(String tenant, Collection<String> messageIds) {
        return update("UPDATE ingest.received_messages SET written = true WHERE id_hash = ANY($1)", tenant, messageIds);
    }

    /** Forgets reservations whose events Kafka did not take, so a retry can write them. */
    public Uni<Void> release(String tenant, Collection<String> messageIds) {
        return update("DELETE FROM ingest.received_messages WHERE id_hash = ANY($1) AND NOT written", tenant, messageIds);
    }

    /** Deletes up to {@code limit} entries first seen before the retention; returns how many went. */
    public Uni<Integer> purgeOlderThan(Duration retention, int limit) {
        return pool.preparedQuery("""
                DELETE FROM ingest.received_messages WHERE ctid IN (
                  SELECT ctid FROM ingest.received_messages WHERE seen_at < now() - make_interval(secs => $1) LIMIT $2)""")
                .execute(Tuple.of((double) retention.toSeconds(), limit))
                .map(RowSet::rowCount);
    }

    /** The stored key of a message id: the first 128 bits of SHA-256 over tenant, a NUL and the id. */
    static UUID key(String tenant, String messageId) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(tenant.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            ByteBuffer digest = ByteBuffer.wrap(sha256.digest(messageId.getBytes(StandardCharsets.UTF_8)));
            return new UUID(digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private Uni<Void> update(String sql, String tenant, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(sql).execute(Tuple.of(keys(tenant, messageIds).keySet().toArray(UUID[]::new))).replaceWithVoid();
    }

    private static Map<UUID, String> keys(String tenant, Collection<String> messageIds) {
        Map<UUID, String> keys = new HashMap<>(messageIds.size() * 2);
        for (String messageId : messageIds) {
            keys.put(key(tenant, messageId), messageId);
        }
        return keys;
    }

    private static Set<String> messageIds(RowSet<Row> rows, Map<UUID, String> keys) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(keys.get(row.getUUID(0))));
        return ids;
    }
}
