package io.churnwatch.alert.service;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.common.auth.ApiKeys;
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
 * its SHA-256, valid for {@code churnwatch.alert.stream.token-ttl}, and deleted when it opens a stream.
 */
@ApplicationScoped
public class StreamTokens {

    /** A new token and when it stops being accepted. */
    public record Issued(String token, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final AlertConfig.Stream config;
    private final Clock clock;

    public StreamTokens(Pool pool, AlertConfig config, Clock clock) {
        this.pool = pool;
        this.config = config.stream();
        this.clock = clock;
    }

    public Uni<Issued> issue(String tenant) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "cwst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expires = now.plus(config.tokenTtl());
        return pool.preparedQuery("DELETE FROM alert.stream_tokens WHERE expires_at < $1").execute(Tuple.of(utc(now)))
                .chain(() -> pool.preparedQuery("INSERT INTO alert.stream_tokens (token_hash, tenant, expires_at) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(ApiKeys.hash(token), tenant, utc(expires))))
                .replaceWith(new Issued(token, expires));
    }

    /** The token's tenant, or null when it is unknown, used or expired; the token is used up either way. */
    public Uni<String> redeem(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        return pool.preparedQuery("DELETE FROM alert.stream_tokens WHERE token_hash = $1 RETURNING tenant, expires_at")
                .execute(Tuple.of(ApiKeys.hash(token))).map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    var row = it.next();
                    return row.getOffsetDateTime("expires_at").toInstant().isAfter(clock.instant()) ? row.getString("tenant") : null;
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
