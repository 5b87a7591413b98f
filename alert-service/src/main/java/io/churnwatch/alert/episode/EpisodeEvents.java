package io.churnwatch.alert.episode;

import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EventOutboxEntry;
import io.churnwatch.events.AlertEvent;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.Topics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Records an episode's lifecycle change as an {@link AlertEvent} in the event outbox, in the caller's
 * transaction: the event exists exactly when the change was committed, and the relay takes it to Kafka.
 */
@ApplicationScoped
public class EpisodeEvents {

    public static final String OPEN = "open";
    public static final String ESCALATED = "escalated";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String SNOOZED = "snoozed";
    public static final String RESOLVED = "resolved";
    public static final String REOPENED = "reopened";
    public static final String WON_BACK = "won_back";

    private final Clock clock;

    public EpisodeEvents(Clock clock) {
        this.clock = clock;
    }

    public Uni<Void> record(Episode episode, String state) {
        return event(episode, state).persist().replaceWithVoid();
    }

    /** The outbox row of an episode's lifecycle change as it is now, not yet written. */
    public EventOutboxEntry event(Episode episode, String state) {
        AlertEvent event = new AlertEvent(
                episode.id.toString(),
                episode.tenant,
                episode.customerId,
                episode.kind,
                state,
                episode.level,
                episode.outcome,
                episode.reason,
                clock.instant());
        EventOutboxEntry entry = new EventOutboxEntry();
        entry.tenant = episode.tenant;
        entry.episodeId = episode.id;
        entry.recordKey = Topics.customerKey(episode.tenant, episode.customerId);
        entry.payload = new String(ContractSerde.toJson(event), StandardCharsets.UTF_8);
        entry.createdAt = event.at();
        return entry;
    }
}
