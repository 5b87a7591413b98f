package io.churnwatch.alert.persistence;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * On start, brings every stored channel secret under the first key of {@code churnwatch.alert.secrets.keys}: values
 * still in the clear (rows from before encryption) are encrypted, values under an older key re-encrypted. If any
 * value cannot be read with the configured keys the service refuses to start, having written nothing.
 */
@ApplicationScoped
public class ChannelSecretRewrite {

    private static final Logger LOG = Logger.getLogger(ChannelSecretRewrite.class);

    private final Pool pool;
    private final ChannelSecrets secrets;

    public ChannelSecretRewrite(Pool pool, ChannelSecrets secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    void onStart(@Observes StartupEvent event) {
        int rewritten = rewrite().await().atMost(Duration.ofMinutes(2));
        if (rewritten > 0) {
            LOG.infof(
                    "Encrypted the secrets of %d channels with the first key of churnwatch.alert.secrets.keys",
                    rewritten);
        }
    }

    /** Rewrites stale rows (a row changed meanwhile is left to its writer, who encrypted it); the number rewritten. */
    public Uni<Integer> rewrite() {
        return pool.query("SELECT id, target, secret FROM alert.channels")
                .execute()
                .chain(rows -> {
                    List<Tuple> updates = new ArrayList<>();
                    List<String> unreadable = new ArrayList<>();
                    for (Row row : rows) {
                        String target = row.getString("target");
                        String secret = row.getString("secret");
                        try {
                            secrets.decrypt(target);
                            secrets.decrypt(secret);
                            if (secrets.isStale(target) || secrets.isStale(secret)) {
                                updates.add(Tuple.tuple()
                                        .addUUID(row.getUUID("id"))
                                        .addString(fresh(target))
                                        .addString(fresh(secret))
                                        .addString(target)
                                        .addString(secret));
                            }
                        } catch (ChannelSecrets.UnreadableSecretException e) {
                            unreadable.add(e.getMessage());
                        }
                    }
                    if (!unreadable.isEmpty()) {
                        return Uni.createFrom()
                                .failure(new IllegalStateException("alert-service does not start: the secrets of"
                                        + " " + unreadable.size() + " channels cannot be read (" + unreadable.get(0)
                                        + ")."
                                        + " Nothing was rewritten."));
                    }
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return pool.preparedQuery("""
                    UPDATE alert.channels SET target = $2, secret = $3
                    WHERE id = $1 AND target IS NOT DISTINCT FROM $4 AND secret IS NOT DISTINCT FROM $5""").executeBatch(updates).replaceWith(updates.size());
                });
    }

    private String fresh(String stored) {
        String plain = secrets.decrypt(stored);
        return secrets.isStale(stored) ? secrets.encrypt(plain) : stored;
    }
}
