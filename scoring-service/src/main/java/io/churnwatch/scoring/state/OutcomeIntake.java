package io.churnwatch.scoring.state;

import io.churnwatch.common.retry.TransientFailures;
import io.churnwatch.events.AlertEvent;
import io.churnwatch.events.Topics;
import io.churnwatch.scoring.persistence.BulkWriter;
import io.churnwatch.scoring.persistence.ConsumerProgressRepository;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.churnwatch.scoring.persistence.OutcomeRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records the outcomes in a consumed batch of {@code churnwatch.alerts.v1} in ONE transaction: the outcome rows,
 * the customers' changed status ({@link OutcomeStatuses}), dead letters for unreadable records and the
 * partitions' next offsets. Records at offsets already stored are skipped, and an outcome already recorded
 * (the alert relay's at-least-once delivery) is recorded once, so redelivery changes nothing.
 */
@ApplicationScoped
public class OutcomeIntake {

    /** The key of this stream's offsets in {@code scoring.consumer_offsets} (see {@link BatchScoring#OFFSETS_KEY}). */
    public static final String OFFSETS_KEY = "churnwatch-scoring-outcomes";

    private static final Logger LOG = Logger.getLogger(OutcomeIntake.class);

    /**
     * What one batch did.
     *
     * @param recorded outcomes recorded
     * @param duplicates outcomes recorded before
     * @param redelivered records skipped because their offset was already applied
     * @param ignored records that are no outcome (an episode opened, acknowledged, resolved as a false alarm...)
     * @param deadLettered records sent to the dead-letter topic
     */
    public record Result(int recorded, int duplicates, int redelivered, int ignored, int deadLettered) {}

    private final ConsumerProgressRepository progress;
    private final BulkWriter writer;
    private final OutcomeStatuses statuses;

    public OutcomeIntake(ConsumerProgressRepository progress, BulkWriter writer, OutcomeStatuses statuses) {
        this.progress = progress;
        this.writer = writer;
        this.statuses = statuses;
    }

    /** Applies the batch in its own transaction, retried as the event batches are ({@link BatchScoring#process}). */
    public Uni<Result> process(List<ConsumedRecord<AlertEvent>> records) {
        Uni<Result> attempt = Uni.createFrom()
                .deferred(() -> Panache.withTransaction(() -> apply(records)))
                .onFailure()
                .invoke(e ->
                        LOG.warnf("Outcome batch of %d records failed (%s); retrying", records.size(), e.getMessage()));
        return TransientFailures.retrying(attempt, 5);
    }

    /** Applies the batch in the caller's transaction. */
    public Uni<Result> apply(List<ConsumedRecord<AlertEvent>> records) {
        return progress.nextOffsets(OFFSETS_KEY, Topics.ALERTS).chain(stored -> {
            List<OutcomeRow> outcomes = new ArrayList<>();
            List<OutboxEntity> deadLetters = new ArrayList<>();
            Map<Integer, Long> nextOffsets = new HashMap<>();
            int redelivered = 0;
            for (ConsumedRecord<AlertEvent> record : records) {
                if (record.offset() < stored.getOrDefault(record.partition(), 0L)) {
                    redelivered++;
                    continue;
                }
                nextOffsets.merge(record.partition(), record.offset() + 1, Math::max);
                OutcomeDecoder.Decoded decoded = OutcomeDecoder.fromAlert(record);
                if (decoded.outcome() != null) {
                    outcomes.add(decoded.outcome());
                } else if (decoded.deadLetterReason() != null) {
                    deadLetters.add(deadLetter(record, decoded.deadLetterReason()));
                }
            }
            int ignored = records.size() - redelivered - outcomes.size() - deadLetters.size();
            int skipped = redelivered;
            return writer.insertOutcomes(outcomes)
                    .chain(fresh -> statuses.apply(fresh).chain(riskChanges -> {
                        List<OutboxEntity> outbox = new ArrayList<>(riskChanges);
                        outbox.addAll(deadLetters);
                        return writer.insertOutbox(outbox)
                                .chain(() -> writer.advanceOffsets(OFFSETS_KEY, Topics.ALERTS, nextOffsets))
                                .replaceWith(new Result(
                                        fresh.size(),
                                        outcomes.size() - fresh.size(),
                                        skipped,
                                        ignored,
                                        deadLetters.size()));
                    }));
        });
    }

    private static OutboxEntity deadLetter(ConsumedRecord<AlertEvent> record, String reason) {
        OutboxEntity row = BatchPlan.deadLetter(record, null, reason);
        row.topic = Topics.ALERTS_DLQ;
        return row;
    }
}
