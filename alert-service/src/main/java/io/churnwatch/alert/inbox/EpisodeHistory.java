package io.churnwatch.alert.inbox;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** An episode's own history: its lifecycle changes (from the AlertEvent outbox) and its notifications (from the delivery outbox). */
@ApplicationScoped
public class EpisodeHistory {

    /**
     * One line of the history.
     *
     * @param type {@code state} (a lifecycle change) or {@code notification}
     * @param what the new state (open, escalated, acknowledged, ...) or the notification's purpose (new, escalated, reopened, unacknowledged)
     * @param channel for notifications: the channel's name and type
     * @param delivery for notifications: pending, sending, sent or failed
     */
    public record Entry(
            Instant at, String type, String what, String channel, String delivery, String outcome, String reason) {}

    private final Pool pool;

    public EpisodeHistory(Pool pool) {
        this.pool = pool;
    }

    /** Newest first; the caller has checked that the episode belongs to the tenant. */
    public Uni<List<Entry>> of(String tenant, UUID episodeId) {
        Uni<List<Entry>> states = pool.preparedQuery("""
                SELECT created_at, payload::jsonb ->> 'state' AS state, payload::jsonb ->> 'outcome' AS outcome, payload::jsonb ->> 'reason' AS reason
                FROM alert.event_outbox WHERE tenant = $1 AND episode_id = $2 ORDER BY id""")
                .execute(Tuple.of(tenant, episodeId))
                .map(rows -> {
                    List<Entry> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Entry(
                            at(r, "created_at"),
                            "state",
                            r.getString("state"),
                            null,
                            null,
                            r.getString("outcome"),
                            r.getString("reason"))));
                    return list;
                });
        Uni<List<Entry>> notifications = pool.preparedQuery("""
                SELECT o.created_at, o.purpose, o.state, c.name || ' (' || lower(c.type) || ')' AS channel
                FROM alert.outbox o LEFT JOIN alert.channels c ON c.id = o.channel_id
                WHERE o.tenant = $1 AND o.episode_id = $2 ORDER BY o.created_at""")
                .execute(Tuple.of(tenant, episodeId))
                .map(rows -> {
                    List<Entry> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Entry(
                            at(r, "created_at"),
                            "notification",
                            r.getString("purpose"),
                            r.getString("channel"),
                            r.getString("state"),
                            null,
                            null)));
                    return list;
                });
        return Uni.combine().all().unis(states, notifications).with((a, b) -> {
            List<Entry> all = new ArrayList<>(a);
            all.addAll(b);
            all.sort(Comparator.comparing(Entry::at).reversed());
            return all;
        });
    }

    private static Instant at(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
