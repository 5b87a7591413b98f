package io.churnwatch.alert.inbox;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The live streams open on this instance: at most {@code churnwatch.alert.stream.max-streams-per-tenant} per tenant,
 * and each ended soon after the API key that opened it (directly, or through a token) is revoked: the keys are
 * checked in the database every {@code churnwatch.alert.stream.key-check-every}, not through the auth cache.
 */
@ApplicationScoped
public class OpenStreams {

    /** One open stream; {@link #close()} when it ends for any reason. */
    public final class Handle {
        private final String tenant;
        private final String keyId;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile Runnable onRevoked;
        private volatile boolean revoked;

        private Handle(String tenant, String keyId) {
            this.tenant = tenant;
            this.keyId = keyId;
        }

        /** Runs {@code action} once when the stream's key is revoked (at once if it already was). */
        public void onRevoked(Runnable action) {
            onRevoked = action;
            if (revoked) {
                action.run();
            }
        }

        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.remove(this);
                perTenant.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
            }
        }

        private void revoke() {
            revoked = true;
            Runnable action = onRevoked;
            if (action != null) {
                action.run();
            }
        }
    }

    private static final Logger LOG = Logger.getLogger(OpenStreams.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final Pool pool;
    private final int limit;
    private final Set<Handle> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perTenant = new ConcurrentHashMap<>();

    public OpenStreams(Pool pool, AlertConfig config) {
        this.pool = pool;
        this.limit = config.stream().maxStreamsPerTenant();
    }

    /** Registers a stream of the tenant opened with the key; fails with a 429 problem when the tenant has its limit open. */
    public Handle open(String tenant, String keyId) {
        boolean[] admitted = {false};
        perTenant.compute(tenant, (t, n) -> {
            int count = n == null ? 0 : n;
            admitted[0] = count < limit;
            return admitted[0] ? count + 1 : count;
        });
        if (!admitted[0]) {
            throw new ProblemException(
                    Problem.of(
                            ProblemType.LIMIT_REACHED,
                            "The tenant has " + limit
                                    + " live streams open (churnwatch.alert.stream.max-streams-per-tenant); close one first"),
                    RETRY_AFTER);
        }
        Handle handle = new Handle(tenant, keyId);
        open.add(handle);
        return handle;
    }

    @Scheduled(
            every = "${churnwatch.alert.stream.key-check-every:5s}",
            identity = "stream-key-check",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkKeys() {
        Set<String> keys = new HashSet<>();
        open.forEach(handle -> {
            if (handle.keyId != null) {
                keys.add(handle.keyId);
            }
        });
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("SELECT id FROM tenancy.api_keys WHERE id = ANY($1) AND revoked_at IS NULL")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .invoke(rows -> {
                    Set<String> live = new HashSet<>();
                    rows.forEach(row -> live.add(row.getString("id")));
                    Map<String, List<Handle>> ended = new HashMap<>();
                    open.stream()
                            .filter(h -> h.keyId != null && !live.contains(h.keyId))
                            .forEach(h -> ended.computeIfAbsent(h.tenant, t -> new ArrayList<>())
                                    .add(h));
                    ended.forEach((tenant, handles) -> LOG.infof(
                            "Ending %d live stream(s) of tenant %s: their API key was revoked",
                            handles.size(), tenant));
                    ended.values().forEach(handles -> handles.forEach(Handle::revoke));
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Could not check the keys of open streams: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
