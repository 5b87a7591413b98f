package io.churnwatch.scoring.state;

import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.InteractionEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.persistence.BulkWriter;
import io.churnwatch.scoring.persistence.ConsumerProgressRepository;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies a consumed batch in ONE transaction: the customers' new state, the events and score history,
 * the outbox rows (risk changes and dead letters), the processed message ids and the partitions' next
 * offsets. Records at offsets already stored, and message ids already processed, are skipped, so a
 * redelivery after a crash or a rebalance changes nothing.
 *
 * <p>The rows are written in bulk, one statement per table for the whole batch (all tenants), after the
 * pure core has run: a batch costs about a dozen round trips instead of ~4 per event.
 *
 * <p>A batch the database refuses is bisected (see {@link #process}): one record it cannot store never
 * stops the others, of any tenant.
 */
@ApplicationScoped
public class BatchScoring {

    /**
     * The key of this stream's offsets in {@code scoring.consumer_offsets}, where the consumer seeks from: fixed, so
     * a changed Kafka {@code group.id} resumes where the stored offsets say, not from the new group's position.
     */
    public static final String OFFSETS_KEY = "churnwatch-scoring";

    private static final Logger LOG = Logger.getLogger(BatchScoring.class);
    private static final int UNKNOWN_FAILURE_RETRIES = 5;

    private final ConsumerProgressRepository progress;
    private final TenantBatch tenantBatch;
    private final ScoringClock clock;
    private final BulkWriter writer;
    private final StateCache states;
    private volatile boolean stopping;
    private final LearningStore learning;

    /** A batch's outcome with the rows it wrote, for what follows the commit. */
    private record Applied(BatchResult result, BatchRows rows) {}

    public BatchScoring(
            ConsumerProgressRepository progress,
            TenantBatch tenantBatch,
            ScoringClock clock,
            BulkWriter writer,
            StateCache states,
            LearningStore learning) {
        this.learning = learning;
        this.progress = progress;
        this.writer = writer;
        this.states = states;
        this.tenantBatch = tenantBatch;
        this.clock = clock;
    }

    /**
     * Applies the batch in its own transaction. An outage (database unreachable) is retried, each time in a
     * new transaction, until it passes; a failure of unknown kind a few times. A failure that remains is
     * isolated by {@link #bisect bisection}: only records that fail on their own are dead-lettered.
     */
    public Uni<BatchResult> process(List<ConsumedRecord<InteractionEvent>> records) {
        return TransientFailures.retrying(attempt(records), UNKNOWN_FAILURE_RETRIES)
                .onFailure()
                .recoverWithUni(failure -> bisect(records, failure));
    }

    private Uni<BatchResult> attempt(List<ConsumedRecord<InteractionEvent>> records) {
        return Uni.createFrom()
                .deferred(() -> Panache.withTransaction(() -> applyBatch(records)))
                .invoke(applied -> states.remember(applied.rows().customers, applied.rows().states))
                .map(Applied::result)
                .onFailure()
                .invoke(e ->
                        LOG.warnf("Batch of %d records failed: %s", records.size(), TransientFailures.describe(e)));
    }

    /**
     * After a failure that is not an outage: applies the halves in their own transactions, recursively, so a
     * record that fails on its own is dead-lettered with the error and every other record is applied. The
     * halves keep the consumption order, so each partition's stored offset still only moves forward.
     */
    private Uni<BatchResult> bisect(List<ConsumedRecord<InteractionEvent>> records, Throwable failure) {
        if (stopping) {
            // The pool and session close under a stopping service: its failures say nothing about the records.
            return Uni.createFrom().failure(failure);
        }
        if (records.size() == 1) {
            return deadLetterAlone(records.get(0), failure);
        }
        int half = records.size() / 2;
        return isolating(records.subList(0, half))
                .chain(first -> isolating(records.subList(half, records.size())).map(first::plus));
    }

    private Uni<BatchResult> isolating(List<ConsumedRecord<InteractionEvent>> records) {
        return TransientFailures.retrying(attempt(records), 0)
                .onFailure()
                .recoverWithUni(failure -> bisect(records, failure));
    }

    /** Dead-letters a record that failed alone and moves its partition's offset past it, unless it was applied since. */
    private Uni<BatchResult> deadLetterAlone(ConsumedRecord<InteractionEvent> record, Throwable failure) {
        String reason = "could not be stored: " + TransientFailures.describe(failure);
        LOG.warnf("Record %s dead-lettered: %s", record.origin(), reason);
        var decoded = EventDecoder.decode(record).event();
        String tenant = decoded == null ? null : decoded.event().tenant();
        Uni<BatchResult> write = Uni.createFrom()
                .deferred(() -> Panache.withTransaction(() -> progress.nextOffsets(OFFSETS_KEY, Topics.EVENTS)
                        .chain(stored -> record.offset() < stored.getOrDefault(record.partition(), 0L)
                                ? Uni.createFrom().item(new BatchResult(0, 1, 0, 0))
                                : writer.insertOutbox(List.of(BatchPlan.deadLetter(record, tenant, reason)))
                                        .chain(() -> writer.advanceOffsets(
                                                OFFSETS_KEY,
                                                Topics.EVENTS,
                                                Map.of(record.partition(), record.offset() + 1)))
                                        .replaceWith(new BatchResult(0, 0, 0, 1)))));
        return TransientFailures.retrying(write, UNKNOWN_FAILURE_RETRIES);
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Applies the batch in the caller's transaction; every table is written with one statement (see {@link BulkWriter}). */
    public Uni<BatchResult> apply(List<ConsumedRecord<InteractionEvent>> records) {
        return applyBatch(records).map(Applied::result);
    }

    private Uni<Applied> applyBatch(List<ConsumedRecord<InteractionEvent>> records) {
        return progress.nextOffsets(OFFSETS_KEY, Topics.EVENTS).chain(stored -> {
            BatchPlan plan = BatchPlan.of(records, stored);
            return progress.processed(plan.events().keySet()).chain(done -> {
                Map<UUID, DecodedEvent> fresh = new LinkedHashMap<>(plan.events());
                fresh.keySet().removeAll(done);
                BatchRows rows = new BatchRows(plan.deadLetters());
                return applyByTenant(fresh.values(), rows)
                        .call(() -> rows.write(writer, learning))
                        .call(() -> writer.insertProcessed(fresh.keySet(), clock.wallNow()))
                        .call(() -> writer.advanceOffsets(OFFSETS_KEY, Topics.EVENTS, plan.nextOffsets()))
                        .map(applied -> new Applied(
                                new BatchResult(
                                        applied,
                                        plan.redelivered(),
                                        plan.events().size() - fresh.size(),
                                        rows.deadLetters.size()),
                                rows));
            });
        });
    }

    private Uni<Integer> applyByTenant(Iterable<DecodedEvent> events, BatchRows rows) {
        // Tenants in one order in every transaction: their clock rows are locked in that order, never in a cycle.
        Map<String, List<DecodedEvent>> byTenant = new TreeMap<>();
        events.forEach(e -> byTenant.computeIfAbsent(e.event().tenant(), t -> new ArrayList<>())
                .add(e));
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (Map.Entry<String, List<DecodedEvent>> tenant : byTenant.entrySet()) {
            chain = chain.chain(sum ->
                    tenantBatch.apply(tenant.getKey(), tenant.getValue(), rows).map(n -> sum + n));
        }
        return chain;
    }

    /** A dead letter for an event that was decoded but failed to apply. */
    static OutboxEntity deadLetter(InteractionEvent event, RuntimeException e) {
        return BatchPlan.deadLetter(
                event.key(), ContractSerde.toJson(event), event.tenant(), "could not be applied: " + e.getMessage());
    }
}
