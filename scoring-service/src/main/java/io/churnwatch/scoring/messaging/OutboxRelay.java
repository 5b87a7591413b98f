package io.churnwatch.scoring.messaging;

import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.persistence.OutboxRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Relays the outbox to Kafka: locks unsent rows (SKIP LOCKED, so instances share the work), sends them,
 * and marks the acknowledged ones sent in the same transaction. A crash between Kafka's acknowledgement
 * and the commit sends those rows again; consumers deduplicate risk changes by changeId.
 *
 * <p>The consumer {@linkplain #wake() wakes} the relay after each committed batch, so a risk change
 * leaves within milliseconds; the schedule is the fallback (rows of a crashed instance, other writers).
 * One round runs at a time; a wake during a round makes it run once more.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final OutboxSender sender;
    private final ScoringConfig config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wanted = new AtomicBoolean();

    public OutboxRelay(OutboxRepository outbox, OutboxSender sender, ScoringConfig config, Vertx vertx) {
        this.outbox = outbox;
        this.sender = sender;
        this.config = config;
        this.vertx = vertx;
    }

    @Scheduled(every = "${churnwatch.scoring.outbox.every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        wake();
    }

    /** Starts a round now, on a context of its own, or asks the running one for another round. */
    public void wake() {
        wanted.set(true);
        if (running.compareAndSet(false, true)) {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> round());
        }
    }

    private void round() {
        wanted.set(false);
        relay().subscribe().with(sent -> next(sent > 0), failure -> {
            LOG.debugf("Outbox round failed (%s); the next wake or the schedule retries", failure.getMessage());
            next(false);
        });
    }

    /** Another round when asked for one, or when this one was full (more rows may wait). */
    private void next(boolean sentSome) {
        if (wanted.get() || sentSome) {
            round();
        } else {
            running.set(false);
            if (wanted.get() && running.compareAndSet(false, true)) {
                round();
            }
        }
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
