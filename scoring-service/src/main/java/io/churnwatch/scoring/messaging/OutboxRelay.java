package io.churnwatch.scoring.messaging;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.persistence.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Relays the outbox to Kafka: locks unsent rows (SKIP LOCKED, so instances share the work), sends them,
 * and marks the acknowledged ones sent in the same transaction. A crash between Kafka's acknowledgement
 * and the commit sends those rows again; consumers deduplicate risk changes by changeId.
 */
@ApplicationScoped
public class OutboxRelay {

    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final ScoringConfig config;

    public OutboxRelay(OutboxRepository outbox, OutboxSender sender, ScoringConfig config) {
        this.outbox = outbox;
        this.sender = sender;
        this.config = config;
    }

    @Scheduled(every = "${churnwatch.scoring.outbox.every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return relay().replaceWithVoid();
    }

    /** One round; returns how many rows were sent. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> outbox.lockUnsent(config.outbox().batchSize()).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Context context = Vertx.currentContext();
            return Uni.createFrom().completionStage(() -> sender.send(rows, config.outbox().sendTimeout()))
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .chain(sent -> outbox.markSent(sent, Instant.now()));
        }));
    }
}
