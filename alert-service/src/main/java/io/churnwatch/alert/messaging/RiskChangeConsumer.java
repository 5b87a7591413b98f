package io.churnwatch.alert.messaging;

import io.churnwatch.alert.delivery.RelayWakeUps;
import io.churnwatch.alert.episode.EpisodeService;
import io.churnwatch.alert.episode.RiskChangeIntake;
import io.churnwatch.alert.stats.AlertMetrics;
import io.churnwatch.events.RiskChange;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code churnwatch.risk-changes.v1} (group {@code alert-service}) in batches and applies each batch
 * in one transaction ({@link RiskChangeIntake}). Records that are not usable changes, and changes that fail
 * for a reason other than an outage, go to {@code churnwatch.risk-changes.dlq} with the reason; the batch is
 * acknowledged once its transaction committed and its dead letters were acknowledged. Then the relays are
 * woken so the new notifications and AlertEvents go out at once.
 */
@ApplicationScoped
public class RiskChangeConsumer {

    /** The incoming channel; its Kafka settings are under {@code mp.messaging.incoming.risk-changes}. */
    public static final String CHANNEL = "risk-changes";

    private final RiskChangeIntake intake;
    private final DeadLetterSender deadLetters;
    private final RelayWakeUps wakeUps;
    private final AlertMetrics metrics;

    public RiskChangeConsumer(
            RiskChangeIntake intake, DeadLetterSender deadLetters, RelayWakeUps wakeUps, AlertMetrics metrics) {
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.wakeUps = wakeUps;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        RiskChangeRecords batch = RiskChangeRecords.of(records);
        return intake.apply(batch.changes())
                .invoke(result -> {
                    if (result.queuedWork()) {
                        wakeUps.deliveriesQueued();
                        wakeUps.eventsQueued();
                    }
                    count(result);
                })
                .chain(result -> {
                    List<DeadLetter> letters = new ArrayList<>(batch.deadLetters());
                    result.rejected()
                            .forEach(r ->
                                    letters.add(new DeadLetter(batch.origins().get(r.change()), r.reason())));
                    return deadLetters.send(letters);
                });
    }

    private void count(RiskChangeIntake.Result result) {
        for (int i = 0; i < result.applied().size(); i++) {
            EpisodeService.Outcome outcome = result.outcomes().get(i);
            if (outcome == EpisodeService.Outcome.OPENED || outcome == EpisodeService.Outcome.REOPENED) {
                RiskChange change = result.applied().get(i);
                metrics.opened(change.tenant(), change.newLevel().name());
            }
        }
    }
}
