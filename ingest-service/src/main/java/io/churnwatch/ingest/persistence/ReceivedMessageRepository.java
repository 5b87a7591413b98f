package io.churnwatch.ingest.persistence;

import io.churnwatch.events.MessageKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Message ids seen per tenant, keyed by a 128-bit hash of (tenant, messageId). Per request, one
 * statement reserves all new ids under the request's pending batch mark and one, after Kafka
 * answered, releases the ids Kafka did not take and clears the mark: one row written per event.
 */
@ApplicationScoped
public class ReceivedMessageRepository {

    /** What is known of a message id that could not be reserved. */
    public enum Seen {
        WRITTEN,
        IN_FLIGHT
    }

    private final Pool pool;

    public ReceivedMessageRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Reserves the ids not seen before for the request {@code batchId}, which stays pending until
     * {@link #finish}; returns the ids that could not be reserved (usually none, so little comes back).
     */
    public Uni<Set<String>> reserve(String tenant, UUID batchId, Collection<String> messageIds) {
        Map<UUID, String> keys = keys(tenant, messageIds);
        return pool.preparedQuery("""
                WITH batch AS (INSERT INTO ingest.pending_batches (batch_id) VALUES ($2)),
                     reserved AS (INSERT INTO ingest.received_messages (id_hash, batch_id) SELECT unnest($1::uuid[]), $2
                                  ON CONFLICT DO NOTHING RETURNING id_hash)
                SELECT unnest($1::uuid[]) EXCEPT SELECT id_hash FROM reserved""")
                .execute(Tuple.of(keys.keySet().toArray(UUID[]::new), batchId))
                .map(rows -> messageIds(rows, keys));
    }

    /** What is known of ids that could not be reserved; reservations pending longer than {@code staleAfter} are taken over by {@code batchId}. */
    public Uni<Map<String, Seen>> claimKnown(
            String tenant, UUID batchId, Collection<String> messageIds, Duration staleAfter) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Map<UUID, String> keys = keys(tenant, messageIds);
        UUID[] hashes = keys.keySet().toArray(UUID[]::new);
        return pool.preparedQuery("""
                UPDATE ingest.received_messages SET batch_id = $2
                WHERE id_hash = ANY($1) AND batch_id IN (
                  SELECT batch_id FROM ingest.pending_batches WHERE created_at < now() - make_interval(secs => $3))
                RETURNING id_hash""")
                .execute(Tuple.of(hashes, batchId, (double) staleAfter.toSeconds()))
                .chain(takenOver -> pool.preparedQuery("""
                        SELECT m.id_hash, p.batch_id IS NOT NULL AS pending FROM ingest.received_messages m
                        LEFT JOIN ingest.pending_batches p ON p.batch_id = m.batch_id WHERE m.id_hash = ANY($1)""")
                        .execute(Tuple.of(hashes))
                        .map(rows -> {
                            Set<String> ours = messageIds(takenOver, keys);
                            Map<String, Seen> states = new HashMap<>();
                            for (Row row : rows) {
                                String messageId = keys.get(row.getUUID(0));
                                if (!ours.contains(messageId)) {
                                    states.put(messageId, row.getBoolean(1) ? Seen.IN_FLIGHT : Seen.WRITTEN);
                                }
                            }
                            return states;
                        }));
    }

    /**
     * Ends the request: forgets the ids whose events Kafka did not take, so a retry can write them,
     * and clears the batch's pending mark, which makes its other ids written.
     */
    public Uni<Void> finish(String tenant, UUID batchId, Collection<String> notWritten) {
        return pool.preparedQuery("""
                WITH released AS (DELETE FROM ingest.received_messages WHERE id_hash = ANY($1) AND batch_id = $2)
                DELETE FROM ingest.pending_batches WHERE batch_id = $2""")
                .execute(Tuple.of(keys(tenant, notWritten).keySet().toArray(UUID[]::new), batchId))
                .replaceWithVoid();
    }

    /** Deletes up to {@code limit} ids first seen before the retention, and batches pending that long; returns how many ids went. */
    public Uni<Integer> purgeOlderThan(Duration retention, int limit) {
        double seconds = retention.toSeconds();
        return pool.preparedQuery(
                        "DELETE FROM ingest.pending_batches WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(seconds))
                .chain(() -> pool.preparedQuery("""
                        DELETE FROM ingest.received_messages WHERE ctid IN (
                          SELECT ctid FROM ingest.received_messages WHERE seen_at < now() - make_interval(secs => $1) LIMIT $2)""").execute(Tuple.of(seconds, limit)))
                .map(RowSet::rowCount);
    }

    private static Map<UUID, String> keys(String tenant, Collection<String> messageIds) {
        Map<UUID, String> keys = new HashMap<>(messageIds.size() * 2);
        for (String messageId : messageIds) {
            keys.put(MessageKeys.of(tenant, messageId), messageId);
        }
        return keys;
    }

    private static Set<String> messageIds(RowSet<Row> rows, Map<UUID, String> keys) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(keys.get(row.getUUID(0))));
        return ids;
    }
}
