package io.churnwatch.alert.inbox;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.common.auth.ApiKeys;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * One-use, short-lived tokens for the live stream. A browser's EventSource cannot send an Authorization
 * header, so the page asks for a token with its API key and opens the stream with {@code ?token=}: the key
 * itself never appears in a URL (or in a proxy's access log). A token is 256 random bits, stored only as
 * its SHA-256, valid for {@code churnwatch.alert.stream.token-ttl}, and deleted when it opens a stream. It remembers
 * the key that asked for it: a revoked key's tokens open nothing, and its streams end. A tenant holds at most
 * {@code churnwatch.alert.stream.max-tokens-per-tenant} unused tokens.
 */
@ApplicationScoped
public class StreamTokens {

    /** A new token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {}

    /** Who a redeemed token opens the stream for: the tenant and the API key that asked for the token. */
    public record Holder(String tenant, String keyId) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final AlertConfig.Stream config;
    private final Clock clock;

    public StreamTokens(Pool pool, AlertConfig config, Clock clock) {
        this.pool = pool;
        this.config = config.stream();
        this.clock = clock;
    }

    /** A new token for the tenant's key; fails with a 429 problem when the tenant holds its limit of unused tokens. */
    public Uni<Issued> issue(String tenant, String keyId) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "cwst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(config.tokenTtl());
        return pool.preparedQuery("DELETE FROM alert.stream_tokens WHERE expires_at < $1")
                .execute(Tuple.of(utc(now)))
                .chain(() -> pool.preparedQuery("""
                        INSERT INTO alert.stream_tokens (token_hash, tenant, expires_at, key_id)
                        SELECT $1, $2, $3, $4 WHERE (SELECT count(*) FROM alert.stream_tokens WHERE tenant = $2) < $5""")
                        .execute(Tuple.of(
                                ApiKeys.hash(token), tenant, utc(expires), keyId, config.maxTokensPerTenant())))
                .map(result -> {
                    if (result.rowCount() == 0) {
                        throw new ProblemException(
                                Problem.of(
                                        ProblemType.LIMIT_REACHED,
                                        "The tenant holds " + config.maxTokensPerTenant()
                                                + " unused stream tokens (churnwatch.alert.stream.max-tokens-per-tenant); use or let them expire"),
                                config.tokenTtl());
                    }
                    return new Issued(token, expires);
                });
    }

    /** Who the token opens a stream for, or null when it is unknown, used, expired or its key revoked; it is used up either way. */
    public Uni<Holder> redeem(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("""
                        DELETE FROM alert.stream_tokens t WHERE token_hash = $1
                        RETURNING tenant, expires_at, key_id,
                            key_id IS NULL OR EXISTS (SELECT 1 FROM tenancy.api_keys k WHERE k.id = t.key_id AND k.revoked_at IS NULL) AS live""").execute(Tuple.of(ApiKeys.hash(token))).map(rows -> {
            var it = rows.iterator();
            if (!it.hasNext()) {
                return null;
            }
            var row = it.next();
            boolean valid = row.getBoolean("live")
                    && row.getOffsetDateTime("expires_at").toInstant().isAfter(clock.instant());
            return valid ? new Holder(row.getString("tenant"), row.getString("key_id")) : null;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
