package io.churnwatch.scoring.service;

import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.ConsumerProgressRepository;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Applies a consumed batch in ONE transaction: the customers' new state, the events and score history,
 * the outbox rows (risk changes and dead letters), the processed message ids and the partitions' next
 * offsets. Records at offsets already stored, and message ids already processed, are skipped, so a
 * redelivery after a crash or a rebalance changes nothing.
 */
@ApplicationScoped
public class BatchScoring {

    /** The consumer group, also the key of the stored offsets. */
    public static final String GROUP = "churnwatch-scoring";
    private static final Logger LOG = Logger.getLogger(BatchScoring.class);

    private final ConsumerProgressRepository progress;
    private final TenantBatch tenantBatch;
    private final ScoringClock clock;

    public BatchScoring(ConsumerProgressRepository progress, TenantBatch tenantBatch, ScoringClock clock) {
        this.progress = progress;
        this.tenantBatch = tenantBatch;
        this.clock = clock;
    }

    /**
     * Applies the batch in its own transaction. An outage (database unreachable) is retried, each time
     * in a new transaction, until it passes; any other failure a few times, then it stops the channel.
     */
    public Uni<BatchResult> process(List<ConsumerRecord<String, byte[]>> records) {
        Uni<BatchResult> attempt = Uni.createFrom().deferred(() -> Panache.withTransaction(() -> apply(records)))
                .onFailure().invoke(e -> LOG.warnf("Batch of %d records failed (%s); retrying", records.size(), e.getMessage()));
        return TransientFailures.retrying(attempt, 5);
    }

    /** Applies the batch in the caller's transaction. */
    public Uni<BatchResult> apply(List<ConsumerRecord<String, byte[]>> records) {
        return progress.nextOffsets(GROUP, Topics.EVENTS).chain(stored -> {
            BatchPlan plan = BatchPlan.of(records, stored);
            return progress.processed(plan.events().keySet()).chain(done -> {
                Map<UUID, DecodedEvent> fresh = new LinkedHashMap<>(plan.events());
                fresh.keySet().removeAll(done);
                List<OutboxEntity> deadLetters = new ArrayList<>(plan.deadLetters());
                return applyByTenant(fresh.values(), deadLetters)
                        .chain(applied -> Panache.getSession().chain(session -> session.persistAll(deadLetters.toArray()))
                                .chain(() -> progress.markProcessed(fresh.keySet(), clock.wallNow()))
                                .chain(() -> advanceOffsets(plan.nextOffsets()))
                                .replaceWith(new BatchResult(applied, plan.redelivered(), plan.events().size() - fresh.size(),
                                        deadLetters.size())));
            });
        });
    }

    private Uni<Integer> applyByTenant(Iterable<DecodedEvent> events, List<OutboxEntity> deadLetters) {
        Map<String, List<DecodedEvent>> byTenant = new LinkedHashMap<>();
        events.forEach(e -> byTenant.computeIfAbsent(e.event().tenant(), t -> new ArrayList<>()).add(e));
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (Map.Entry<String, List<DecodedEvent>> tenant : byTenant.entrySet()) {
            chain = chain.chain(sum -> tenantBatch.apply(tenant.getKey(), tenant.getValue(), deadLetters).map(n -> sum + n));
        }
        return chain;
    }

    private Uni<Void> advanceOffsets(Map<Integer, Long> nextOffsets) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<Integer, Long> partition : nextOffsets.entrySet()) {
            chain = chain.chain(() -> progress.advance(GROUP, Topics.EVENTS, partition.getKey(), partition.getValue()));
        }
        return chain;
    }

    /** A dead letter for an event that was decoded but failed to apply. */
    static OutboxEntity deadLetter(InteractionEvent event, RuntimeException e) {
        return BatchPlan.deadLetter(event.key(), ContractSerde.toJson(event), event.tenant(),
                "could not be applied: " + e.getMessage());
    }
}
