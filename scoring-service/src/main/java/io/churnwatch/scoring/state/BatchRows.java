package io.churnwatch.scoring.state;

import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.persistence.BulkWriter;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.CustomerEventEntity;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.churnwatch.scoring.persistence.OutcomeRow;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a batch produces, gathered over all its tenants and written at the end with one statement
 * per table ({@link BulkWriter}) instead of entity by entity. Risk changes go to the outbox before the
 * dead letters, as they are produced.
 */
final class BatchRows {

    final List<CustomerEntity> customers = new ArrayList<>();
    /** The state each of {@link #customers} was stored from, in the same order. */
    final List<CustomerState> states = new ArrayList<>();

    final List<CustomerEventEntity> events = new ArrayList<>();
    final List<ScoreHistoryEntity> history = new ArrayList<>();
    final List<OutboxEntity> riskChanges = new ArrayList<>();
    final List<OutboxEntity> deadLetters = new ArrayList<>();
    /** Outcomes reported by the batch's churned and won_back events. */
    final List<OutcomeRow> outcomes = new ArrayList<>();

    final List<LearningStore.SnapshotRow> snapshots = new ArrayList<>();

    BatchRows(List<OutboxEntity> deadLetters) {
        this.deadLetters.addAll(deadLetters);
    }

    void add(Rescoring.Outcome outcome) {
        if (outcome.history() != null) {
            history.add(outcome.history());
        }
        if (outcome.riskChange() != null) {
            riskChanges.add(outcome.riskChange());
        }
        if (outcome.snapshot() != null) {
            snapshots.add(outcome.snapshot());
        }
    }

    Uni<Void> write(BulkWriter writer, LearningStore learning) {
        List<OutboxEntity> outbox = new ArrayList<>(riskChanges);
        outbox.addAll(deadLetters);
        return writer.upsertCustomers(customers)
                .chain(() -> writer.insertEvents(events))
                .chain(() -> writer.insertHistory(history))
                .chain(() -> writer.insertOutcomes(outcomes))
                .chain(() -> writer.insertOutbox(outbox))
                .chain(() -> learning.insertSnapshots(snapshots));
    }
}
