package io.churnwatch.alert.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.churnwatch.events.ContractJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the append-only rows of a batch of risk changes with one statement per table, in the caller's
 * transaction: the processed change ids and the AlertEvents. Both would otherwise cost a round trip per
 * row (the event outbox's id is an identity column, which Hibernate cannot batch).
 */
@ApplicationScoped
public class ChangeBatchWriter {

    private static final String PROCESSED = """
            INSERT INTO alert.processed_changes (change_id, tenant, processed_at)
            SELECT r.change_id, r.tenant, r.processed_at
            FROM json_to_recordset(cast(cast(?1 as text) as json)) AS r(change_id text, tenant text, processed_at timestamptz)""";
    // Ordered by n so that ids follow the order the events happened in.
    private static final String EVENTS = """
            INSERT INTO alert.event_outbox (tenant, episode_id, record_key, payload, created_at)
            SELECT r.tenant, r.episode_id, r.record_key, r.payload, r.created_at
            FROM json_to_recordset(cast(cast(?1 as text) as json))
                AS r(n int, tenant text, episode_id uuid, record_key text, payload text, created_at timestamptz)
            ORDER BY r.n""";

    /** Records the changes as processed; an id already there fails the statement, and so the transaction. */
    public Uni<Void> insertProcessed(Collection<ProcessedChange> processed) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ProcessedChange p : processed) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("change_id", p.changeId);
            row.put("tenant", p.tenant);
            row.put("processed_at", p.processedAt);
            rows.add(row);
        }
        return execute(PROCESSED, rows);
    }

    public Uni<Void> insertEvents(List<EventOutboxEntry> events) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EventOutboxEntry e : events) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("n", rows.size());
            row.put("tenant", e.tenant);
            row.put("episode_id", e.episodeId);
            row.put("record_key", e.recordKey);
            row.put("payload", e.payload);
            row.put("created_at", e.createdAt);
            rows.add(row);
        }
        return execute(EVENTS, rows);
    }

    /** The parameter goes as text and is cast in SQL: bound as json, the reactive client would send a JSON string scalar. */
    private static Uni<Void> execute(String sql, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String json;
        try {
            json = ContractJson.mapper().writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery(sql)
                        .setParameter(1, json)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
