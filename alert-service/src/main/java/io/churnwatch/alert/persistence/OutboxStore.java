package io.churnwatch.alert.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The relay's view of the outbox, in plain SQL: claiming due rows with {@code SKIP LOCKED} (so
 * instances never share a row), marking them, and the per-attempt delivery log. A row is claimed by
 * setting it to {@code sending}; a crash before it is marked leaves it there, and after the claim
 * timeout it is claimed again and resent with the same idempotency key.
 */
@ApplicationScoped
public class OutboxStore {

    /** A claimed row. */
    public record Claimed(
            UUID id,
            String tenant,
            UUID channelId,
            UUID episodeId,
            String address,
            String purpose,
            String message,
            String idempotencyKey,
            int attempts) {}

    /** A channel as the relay needs it. */
    public record ChannelRow(UUID id, String tenant, ChannelType type, String target, String secret) {
        @Override
        public String toString() {
            return "ChannelRow[" + type + " " + id + "]";
        }
    }

    /** Requests sent to a channel in the last minute and the last second. */
    public record Usage(int lastMinute, int lastSecond) {}

    /** One attempt to log. */
    public record Attempt(
            UUID outboxId,
            UUID channelId,
            UUID requestId,
            int attempt,
            String outcome,
            Integer statusCode,
            String detail,
            int durationMs) {}

    /** How many of the oldest due rows a claim looks at for each row it may claim, for tenants to take turns in. */
    private static final int SCAN_FACTOR = 4;

    private final Pool pool;
    private final ChannelSecrets secrets;

    public OutboxStore(Pool pool, ChannelSecrets secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    /**
     * Claims up to {@code limit} due rows of enabled channels: pending and due, or sending since before the claim timeout.
     * Rows of the tenants in {@code fullTenants} and of the channels in {@code busyChannels} are skipped; of the oldest due
     * rows, tenants take turns (each tenant's oldest first, then each tenant's second), so one tenant's backlog does not
     * fill the claim.
     */
    public Uni<List<Claimed>> claim(
            Duration claimTimeout, int limit, Collection<String> fullTenants, Collection<UUID> busyChannels) {
        return pool.preparedQuery("""
                WITH due AS (
                    SELECT d.id, d.tenant, d.created_at FROM alert.outbox d JOIN alert.channels c ON c.id = d.channel_id AND c.enabled
                    WHERE ((d.state = 'pending' AND d.next_attempt_at <= now())
                       OR (d.state = 'sending' AND d.claimed_at < now() - make_interval(secs => $1)))
                      AND d.tenant <> ALL($3) AND d.channel_id <> ALL($4)
                    ORDER BY d.created_at LIMIT $5
                    FOR UPDATE OF d SKIP LOCKED),
                turns AS (
                    SELECT id, created_at, row_number() OVER (PARTITION BY tenant ORDER BY created_at) AS turn FROM due)
                UPDATE alert.outbox o SET state = 'sending', claimed_at = now()
                WHERE o.id IN (SELECT id FROM turns ORDER BY turn, created_at LIMIT $2)
                RETURNING o.id, o.tenant, o.channel_id, o.episode_id, o.address, o.purpose, o.message, o.idempotency_key,
                    o.attempts, o.created_at""")
                .execute(Tuple.of(
                        (double) claimTimeout.toMillis() / 1000.0,
                        limit,
                        fullTenants.toArray(String[]::new),
                        busyChannels.toArray(UUID[]::new),
                        limit * SCAN_FACTOR))
                .map(rows -> {
                    List<Row> sorted = new ArrayList<>();
                    rows.forEach(sorted::add);
                    sorted.sort(
                            (a, b) -> a.getOffsetDateTime("created_at").compareTo(b.getOffsetDateTime("created_at")));
                    return sorted.stream()
                            .map(r -> new Claimed(
                                    r.getUUID("id"),
                                    r.getString("tenant"),
                                    r.getUUID("channel_id"),
                                    r.getUUID("episode_id"),
                                    r.getString("address"),
                                    r.getString("purpose"),
                                    r.getString("message"),
                                    r.getString("idempotency_key"),
                                    r.getInteger("attempts")))
                            .toList();
                });
    }

    public Uni<Map<UUID, ChannelRow>> channels(Collection<UUID> ids) {
        return pool.preparedQuery("SELECT id, tenant, type, target, secret FROM alert.channels WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, ChannelRow> found = new HashMap<>();
                    rows.forEach(r -> found.put(
                            r.getUUID("id"),
                            new ChannelRow(
                                    r.getUUID("id"),
                                    r.getString("tenant"),
                                    ChannelType.valueOf(r.getString("type")),
                                    secrets.decrypt(r.getString("target")),
                                    secrets.decrypt(r.getString("secret")))));
                    return found;
                });
    }

    /** Distinct requests per channel in the last minute and second, from the delivery log. */
    public Uni<Map<UUID, Usage>> usage(Collection<UUID> channelIds) {
        return pool.preparedQuery("""
                SELECT channel_id,
                       count(DISTINCT request_id) AS minute,
                       count(DISTINCT request_id) FILTER (WHERE at > now() - interval '1 second') AS second
                FROM alert.delivery_log WHERE channel_id = ANY($1) AND at > now() - interval '60 seconds'
                GROUP BY channel_id""")
                .execute(Tuple.of(channelIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Usage> usage = new HashMap<>();
                    rows.forEach(r -> usage.put(
                            r.getUUID("channel_id"), new Usage(r.getInteger("minute"), r.getInteger("second"))));
                    return usage;
                });
    }

    /** Rows per channel that are due and not claimed (waiting behind the rows just claimed). */
    public Uni<Map<UUID, Integer>> queued(Collection<UUID> channelIds) {
        return pool.preparedQuery("""
                SELECT channel_id, count(*) AS queued FROM alert.outbox
                WHERE channel_id = ANY($1) AND state = 'pending' AND next_attempt_at <= now()
                GROUP BY channel_id""")
                .execute(Tuple.of(channelIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Integer> queued = new HashMap<>();
                    rows.forEach(r -> queued.put(r.getUUID("channel_id"), r.getInteger("queued")));
                    return queued;
                });
    }

    public Uni<Void> markSent(Collection<UUID> ids, String digestKey) {
        return pool.preparedQuery(
                        "UPDATE alert.outbox SET state = 'sent', sent_at = now(), attempts = attempts + 1, digest_key = $2, last_error = NULL WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new), digestKey))
                .replaceWithVoid();
    }

    /** Records a failed attempt: back to pending at {@code retryAt}, or failed for good when {@code retryAt} is null. */
    public Uni<Void> markFailed(Collection<UUID> ids, Instant retryAt, String error) {
        return pool.preparedQuery("""
                UPDATE alert.outbox SET attempts = attempts + 1, last_error = $3,
                    state = CASE WHEN $2::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
                    next_attempt_at = coalesce($2::timestamptz, next_attempt_at)
                WHERE id = ANY($1)""")
                .execute(Tuple.of(
                        ids.toArray(UUID[]::new),
                        retryAt == null ? null : OffsetDateTime.ofInstant(retryAt, ZoneOffset.UTC),
                        error))
                .replaceWithVoid();
    }

    /** Gives claimed rows back without an attempt (the channel's rate limit is used up). */
    public Uni<Void> release(Collection<UUID> ids, Instant dueAt) {
        return pool.preparedQuery("UPDATE alert.outbox SET state = 'pending', next_attempt_at = $2 WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new), OffsetDateTime.ofInstant(dueAt, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> log(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = attempts.stream()
                .map(a -> Tuple.tuple(List.of(a.outboxId(), a.channelId(), a.requestId(), a.attempt(), a.outcome()))
                        .addInteger(a.statusCode())
                        .addString(a.detail())
                        .addInteger(a.durationMs()))
                .toList();
        return pool.preparedQuery("""
                INSERT INTO alert.delivery_log (outbox_id, channel_id, request_id, attempt, outcome, status_code, detail, duration_ms)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""").executeBatch(rows).replaceWithVoid();
    }
}
