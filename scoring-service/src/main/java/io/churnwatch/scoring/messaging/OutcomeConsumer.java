package io.churnwatch.scoring.messaging;

import io.churnwatch.events.AlertEvent;
import io.churnwatch.scoring.state.OutcomeIntake;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.eventbus.EventBus;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code churnwatch.alerts.v1} in batches (values as raw bytes, decoded defensively per record) and
 * hands each batch to {@link OutcomeIntake}: episodes resolved as churned or saved, and customers won back,
 * become outcomes. Offsets stored with the outcomes decide redelivery, as for the events.
 */
@ApplicationScoped
public class OutcomeConsumer {

    /** The incoming channel, configured under {@code mp.messaging.incoming.scoring-outcomes}. */
    public static final String CHANNEL = "scoring-outcomes";

    private final OutcomeIntake intake;
    private final EventBus bus;
    private final Counter recorded;
    private final Counter duplicates;
    private final Counter redelivered;
    private final Counter ignored;
    private final Counter deadLettered;

    public OutcomeConsumer(OutcomeIntake intake, EventBus bus, MeterRegistry registry) {
        this.intake = intake;
        this.bus = bus;
        this.recorded = records(registry, "recorded");
        this.duplicates = records(registry, "duplicate");
        this.redelivered = records(registry, "redelivered");
        this.ignored = records(registry, "ignored");
        this.deadLettered = records(registry, "dead_lettered");
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return intake.process(ConsumedRecords.read(records, AlertEvent.class))
                .invoke(this::count)
                .replaceWithVoid();
    }

    private void count(OutcomeIntake.Result result) {
        if (result.recorded() > 0 || result.deadLettered() > 0) {
            OutboxRelay.wake(bus);
        }
        recorded.increment(result.recorded());
        duplicates.increment(result.duplicates());
        redelivered.increment(result.redelivered());
        ignored.increment(result.ignored());
        deadLettered.increment(result.deadLettered());
    }

    private static Counter records(MeterRegistry registry, String outcome) {
        return Counter.builder("churnwatch.scoring.alert.records")
                .description(
                        "Alert event records consumed as outcomes, by what became of them: recorded, duplicate"
                                + " (recorded before), redelivered (offset already applied), ignored (not an outcome), dead_lettered")
                .tag("outcome", outcome)
                .register(registry);
    }
}
