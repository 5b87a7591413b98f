package io.churnwatch.scoring.messaging;

import io.churnwatch.common.messaging.RelayPasses;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.persistence.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.ConsumeEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Relays the outbox to Kafka: locks unsent rows (SKIP LOCKED, so instances share the work), sends them,
 * and marks the acknowledged ones sent in the same transaction. A crash between Kafka's acknowledgement
 * and the commit sends those rows again; consumers deduplicate risk changes by changeId.
 *
 * <p>The consumer {@linkplain #wake(EventBus) wakes} the relay after each committed batch, so a risk change
 * leaves within milliseconds; the schedule is the fallback (rows of a crashed instance, other writers).
 * {@link RelayPasses} runs one round at a time and another while rounds come back full or were asked for.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Event-bus address the relay listens on for wake-ups. */
    static final String QUEUED = "churnwatch.scoring.outbox-queued";

    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final ScoringConfig config;
    private final RelayPasses passes;

    public OutboxRelay(OutboxRepository outbox, OutboxSender sender, ScoringConfig config, EventBus bus) {
        this.outbox = outbox;
        this.sender = sender;
        this.config = config;
        this.passes = new RelayPasses(
                "Scoring outbox relay", this::relay, config.outbox().batchSize(), () -> wake(bus));
    }

    /** Asks this instance's relay for a round now. */
    static void wake(EventBus bus) {
        bus.send(QUEUED, "");
    }

    @Scheduled(
            every = "${churnwatch.scoring.outbox.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return passes.run();
    }

    @ConsumeEvent(QUEUED)
    Uni<Void> woken(String ignored) {
        return passes.run();
    }

    /** One round; returns how many rows were sent. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> outbox.lockUnsent(config.outbox().batchSize())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Context context = Vertx.currentContext();
                    return Uni.createFrom()
                            .completionStage(
                                    () -> sender.send(rows, config.outbox().sendTimeout()))
                            .emitOn(task -> context.runOnContext(ignored -> task.run()))
                            .chain(sent -> outbox.markSent(sent, Instant.now()));
                }));
    }
}
