package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the consumer has applied: per-partition next offsets and processed message ids. Written in the
 * same transaction as the state, so a redelivered record is recognised whatever Kafka's committed offset says.
 */
@ApplicationScoped
public class ConsumerProgressRepository {

    /** Next offset to apply per partition of {@code topic} for {@code group}. */
    public Uni<Map<Integer, Long>> nextOffsets(String group, String topic) {
        return Panache.getSession()
                .flatMap(session -> session.<Object[]>createNativeQuery(
                                "SELECT partition_no, next_offset FROM scoring.consumer_offsets WHERE group_id = ?1 AND topic = ?2",
                                Object[].class)
                        .setParameter(1, group)
                        .setParameter(2, topic)
                        .getResultList())
                .map(rows -> {
                    Map<Integer, Long> offsets = new HashMap<>();
                    for (Object[] row : rows) {
                        offsets.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
                    }
                    return offsets;
                });
    }

    /** The hashes among {@code hashes} already processed. */
    public Uni<Set<UUID>> processed(Collection<UUID> hashes) {
        if (hashes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession()
                .flatMap(session -> session.createSelectionQuery(
                                "select p.idHash from ProcessedMessageEntity p where p.idHash in ?1", UUID.class)
                        .setParameter(1, List.copyOf(hashes))
                        .getResultList())
                .map(HashSet::new);
    }

    /** Deletes processed ids older than the retention; returns how many went. */
    public Uni<Integer> purgeOlderThan(Duration retention) {
        return Panache.getSession()
                .flatMap(session -> session.createMutationQuery(
                                "delete from ProcessedMessageEntity p where p.processedAt < ?1")
                        .setParameter(1, Instant.now().minus(retention))
                        .executeUpdate());
    }
}
