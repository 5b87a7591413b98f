package io.churnwatch.common.auth;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Resolves API keys to tenants from {@code tenancy.api_keys}. Keys that were found are cached for
 * {@code churnwatch.auth.cache-ttl}, so a revoked key stops working everywhere within that time
 * (at once on the instance that revoked it). Unknown keys are never cached: made-up keys cannot push
 * real keys out of the cache, and a key created on another instance works at once.
 */
@ApplicationScoped
public class TenantDirectory {

    private record Cached(AuthenticatedTenant tenant, long expiresAtNanos) {}

    private static final Logger LOG = Logger.getLogger(TenantDirectory.class);
    /** A lookup fails only while PostgreSQL is unreachable, which is usually a matter of seconds. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Pool pool;
    private final long ttlNanos;
    private final int maxCached;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public TenantDirectory(
            Pool pool,
            @ConfigProperty(name = "churnwatch.auth.cache-ttl", defaultValue = "PT30S") Duration ttl,
            @ConfigProperty(name = "churnwatch.auth.cache-size", defaultValue = "100000") int maxCached) {
        this.pool = pool;
        this.ttlNanos = ttl.toNanos();
        this.maxCached = maxCached;
    }

    /** The key's tenant, or empty when the key is unknown or revoked; fails with a 503 problem when the lookup cannot be made. */
    public Uni<Optional<AuthenticatedTenant>> authenticate(String apiKey) {
        String hash = ApiKeys.hash(apiKey);
        Cached cached = cache.get(hash);
        if (cached != null && cached.expiresAtNanos() > System.nanoTime()) {
            return Uni.createFrom().item(Optional.of(cached.tenant()));
        }
        return pool.preparedQuery(
                        "SELECT id, tenant_id, scopes FROM tenancy.api_keys WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(hash))
                .map(rows -> rows.size() == 0
                        ? Optional.<AuthenticatedTenant>empty()
                        : Optional.of(toTenant(rows.iterator().next())))
                .invoke(tenant -> tenant.ifPresent(found -> remember(hash, found)))
                .onFailure()
                .transform(failure -> {
                    LOG.warnf("Could not look up an API key: %s", failure.getMessage());
                    return new ProblemException(
                            Problem.of(ProblemType.UNAVAILABLE, "API keys cannot be checked right now; retry later"),
                            RETRY_AFTER);
                });
    }

    private void remember(String hash, AuthenticatedTenant tenant) {
        if (cache.size() >= maxCached) {
            long now = System.nanoTime();
            cache.values().removeIf(cached -> cached.expiresAtNanos() <= now);
            if (cache.size() >= maxCached) {
                cache.clear();
            }
        }
        cache.put(hash, new Cached(tenant, System.nanoTime() + ttlNanos));
    }

    /** Forgets every cached answer, for example after a key was revoked. */
    public void invalidate() {
        cache.clear();
    }

    private static AuthenticatedTenant toTenant(Row row) {
        String[] scopes = row.getArrayOfStrings("scopes");
        return new AuthenticatedTenant(
                row.getString("tenant_id"), row.getString("id"), Set.copyOf(Arrays.asList(scopes)));
    }
}
