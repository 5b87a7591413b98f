package io.churnwatch.ingest.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/** Stored answers of batch requests sent with an Idempotency-Key header. */
@ApplicationScoped
public class IdempotencyKeyRepository {

    /** A key seen before: its request's hash and, once finished, the answer. */
    public record StoredAnswer(String requestHash, Integer status, String body) {
        public boolean finished() {
            return status != null;
        }
    }

    private final Pool pool;

    public IdempotencyKeyRepository(Pool pool) {
        this.pool = pool;
    }

    /** Claims the key for a new request; empty if claimed, else what is stored for it. */
    public Uni<Optional<StoredAnswer>> claim(String tenant, String key, String requestHash, Duration staleAfter) {
        return pool.preparedQuery("""
                INSERT INTO ingest.idempotency_keys (tenant_id, idempotency_key, request_hash) VALUES ($1, $2, $3)
                ON CONFLICT (tenant_id, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
                  WHERE ingest.idempotency_keys.status IS NULL AND ingest.idempotency_keys.created_at < now() - make_interval(secs => $4)
                RETURNING idempotency_key""")
                .execute(Tuple.of(tenant, key, requestHash, (double) staleAfter.toSeconds()))
                .chain(claimed ->
                        claimed.size() > 0 ? Uni.createFrom().item(Optional.<StoredAnswer>empty()) : find(tenant, key));
    }

    public Uni<Void> finish(String tenant, String key, int status, String body) {
        return pool.preparedQuery(
                        "UPDATE ingest.idempotency_keys SET status = $3, response = $4 WHERE tenant_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(tenant, key, status, body))
                .replaceWithVoid();
    }

    /** Frees a key whose request ended without an answer worth repeating (for example a 503). */
    public Uni<Void> release(String tenant, String key) {
        return pool.preparedQuery(
                        "DELETE FROM ingest.idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2 AND status IS NULL")
                .execute(Tuple.of(tenant, key))
                .replaceWithVoid();
    }

    public Uni<Integer> purgeOlderThan(Duration retention) {
        return pool.preparedQuery(
                        "DELETE FROM ingest.idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .map(rows -> rows.rowCount());
    }

    private Uni<Optional<StoredAnswer>> find(String tenant, String key) {
        return pool.preparedQuery(
                        "SELECT request_hash, status, response FROM ingest.idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(tenant, key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new StoredAnswer(
                            row.getString("request_hash"), row.getInteger("status"), row.getString("response")));
                });
    }
}
