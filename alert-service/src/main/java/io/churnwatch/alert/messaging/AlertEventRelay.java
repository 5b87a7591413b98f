package io.churnwatch.alert.messaging;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.delivery.RelayWakeUps;
import io.churnwatch.alert.persistence.EventOutboxRepository;
import io.churnwatch.common.messaging.RelayPasses;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.ConsumeEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Relays the AlertEvent outbox to {@code churnwatch.alerts.v1}: locks unsent rows (SKIP LOCKED, so
 * instances share the work), sends them, and marks the acknowledged ones sent in the same transaction.
 * A crash between Kafka's acknowledgement and the commit sends those rows again (at least once):
 * readers key on episode id, state and time. Runs when woken after a commit that queued events, and on its poll.
 */
@ApplicationScoped
public class AlertEventRelay {

    private static final Logger LOG = Logger.getLogger(AlertEventRelay.class);

    private final EventOutboxRepository outbox;
    private final AlertEventSender sender;
    private final AlertConfig.Events config;
    private final Clock clock;
    private final RelayPasses passes;

    public AlertEventRelay(
            EventOutboxRepository outbox,
            AlertEventSender sender,
            AlertConfig config,
            Clock clock,
            RelayWakeUps wakeUps) {
        this.outbox = outbox;
        this.sender = sender;
        this.config = config.events();
        this.clock = clock;
        this.passes = new RelayPasses("AlertEvent relay", this::relay, this.config.batchSize(), wakeUps::eventsQueued);
    }

    @Scheduled(
            every = "${churnwatch.alert.events.poll-every:1s}",
            identity = "alert-event-relay",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return passes.run();
    }

    @ConsumeEvent(RelayWakeUps.EVENTS)
    Uni<Void> woken(String ignored) {
        return passes.run();
    }

    /** One round; returns how many events Kafka acknowledged. */
    public Uni<Integer> relay() {
        return Panache.withTransaction(() -> outbox.lockUnsent(config.batchSize())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Context context = Vertx.currentContext();
                    return Uni.createFrom()
                            .completionStage(() -> sender.send(rows, config.sendTimeout()))
                            .emitOn(task -> context.runOnContext(ignored -> task.run()))
                            .chain(sent -> outbox.markSent(sent, clock.instant()));
                }));
    }

    @Scheduled(
            every = "1h",
            delayed = "1m",
            identity = "alert-event-purge",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return Panache.withTransaction(
                        () -> outbox.purgeSentBefore(clock.instant().minus(config.retention())))
                .onFailure()
                .invoke(e -> LOG.warnf("AlertEvent purge failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
