package io.churnwatch.scoring.messaging;

import io.churnwatch.events.InteractionEvent;
import io.churnwatch.scoring.state.BatchResult;
import io.churnwatch.scoring.state.BatchScoring;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code churnwatch.events.v1} in batches (values as raw bytes, read defensively per record, on the
 * batch's lane) and hands each batch to {@link BatchScoring}. Kafka offsets are acknowledged after the batch's
 * transaction committed; the database's stored offsets are what decide redelivery.
 */
@ApplicationScoped
public class EventConsumer {

    /** The incoming channel, configured under {@code mp.messaging.incoming.scoring-events}. */
    public static final String CHANNEL = "scoring-events";

    private final BatchScoring scoring;
    private final ScoringLanes lanes;
    private final EventBus bus;
    private final Counter applied;
    private final Counter redelivered;
    private final Counter duplicates;
    private final Counter deadLettered;

    public EventConsumer(BatchScoring scoring, ScoringLanes lanes, EventBus bus, MeterRegistry registry) {
        this.scoring = scoring;
        this.lanes = lanes;
        this.bus = bus;
        this.applied = records(registry, "applied");
        this.redelivered = records(registry, "redelivered");
        this.duplicates = records(registry, "duplicate");
        this.deadLettered = records(registry, "dead_lettered");
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return lanes.run(() -> scoring.process(ConsumedRecords.read(records, InteractionEvent.class)))
                .invoke(this::count)
                .replaceWithVoid();
    }

    private void count(BatchResult result) {
        if (result.applied() > 0 || result.deadLettered() > 0) {
            OutboxRelay.wake(bus);
        }
        applied.increment(result.applied());
        redelivered.increment(result.redelivered());
        duplicates.increment(result.duplicates());
        deadLettered.increment(result.deadLettered());
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("churnwatch.scoring.records")
                .description(
                        "Event records consumed, by outcome: applied, redelivered (offset already applied), duplicate (message id already applied), dead_lettered")
                .tag("outcome", outcome)
                .register(registry);
    }
}
