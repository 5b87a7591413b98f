package io.churnwatch.ingest.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Message ids seen per tenant. One statement per batch reserves all new ids at once; a second
 * marks the written ones after Kafka acknowledged them.
 */
@ApplicationScoped
public class ReceivedMessageRepository {

    static final short RESERVED = 0;
    static final short WRITTEN = 1;

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
        return pool.preparedQuery("""
                INSERT INTO ingest.received_messages (tenant_id, message_id, state)
                SELECT $1, id, 0 FROM unnest($2::text[]) AS id
                ON CONFLICT DO NOTHING RETURNING message_id""")
                .execute(Tuple.of(tenant, messageIds.toArray(String[]::new)))
                .map(ReceivedMessageRepository::messageIds);
    }

    /** Takes over reservations older than {@code staleAfter}: left by a crash between reserving and writing. */
    public Uni<Set<String>> takeOverStale(String tenant, Collection<String> messageIds, Duration staleAfter) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return pool.preparedQuery("""
                UPDATE ingest.received_messages SET updated_at = now()
                WHERE tenant_id = $1 AND message_id = ANY($2) AND state = 0
                  AND updated_at < now() - make_interval(secs => $3)
                RETURNING message_id""")
                .execute(Tuple.of(tenant, messageIds.toArray(String[]::new), (double) staleAfter.toSeconds()))
                .map(ReceivedMessageRepository::messageIds);
    }

    /** The state of ids that are already known. */
    public Uni<Map<String, Seen>> states(String tenant, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("SELECT message_id, state FROM ingest.received_messages WHERE tenant_id = $1 AND message_id = ANY($2)")
                .execute(Tuple.of(tenant, messageIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Seen> states = new HashMap<>();
                    for (Row row : rows) {
                        states.put(row.getString("message_id"), row.getShort("state") == WRITTEN ? Seen.WRITTEN : Seen.IN_FLIGHT);
                    }
                    return states;
                });
    }

    public Uni<Void> markWritten(String tenant, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("UPDATE ingest.received_messages SET state = 1, updated_at = now() WHERE tenant_id = $1 AND message_id = ANY($2)")
                .execute(Tuple.of(tenant, messageIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Forgets reservations whose events Kafka did not take, so a retry can write them. */
    public Uni<Void> release(String tenant, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("DELETE FROM ingest.received_messages WHERE tenant_id = $1 AND message_id = ANY($2) AND state = 0")
                .execute(Tuple.of(tenant, messageIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Deletes up to {@code limit} entries older than the retention; returns how many went. */
    public Uni<Integer> purgeOlderThan(Duration retention, int limit) {
        return pool.preparedQuery("""
                DELETE FROM ingest.received_messages WHERE ctid IN (
                  SELECT ctid FROM ingest.received_messages WHERE updated_at < now() - make_interval(secs => $1) LIMIT $2)""")
                .execute(Tuple.of((double) retention.toSeconds(), limit))
                .map(rows -> rows.rowCount());
    }

    private static Set<String> messageIds(Iterable<Row> rows) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

}
