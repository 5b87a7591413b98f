package io.churnwatch.alert.delivery;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.OutboxEntry;
import io.churnwatch.alert.routing.Route;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskChange;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes an episode's notification to the outbox, one row per target, in the caller's transaction,
 * so a notification exists exactly when the episode change that caused it was committed.
 */
@ApplicationScoped
public class Notifier {

    private final AlertConfig config;
    private final Clock clock;

    public Notifier(AlertConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Enqueues the message to every target of the route; returns the rows written. */
    public Uni<Integer> enqueue(Episode episode, Route route, String purpose) {
        return enqueue(episode, route, purpose, target -> Uni.createFrom().item(true));
    }

    /** Like {@link #enqueue}, but skips a target whose recipient (or shared channel) already had today's cap of re-notifications. */
    public Uni<Integer> enqueueCapped(Episode episode, Route route, String purpose, DailyCaps caps) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return enqueue(episode, route, purpose, target -> caps.take(episode.tenant, target.capKey(), today));
    }

    private Uni<Integer> enqueue(
            Episode episode, Route route, String purpose, Function<Route.Target, Uni<Boolean>> allowed) {
        AlertMessage message = message(episode, route, purpose);
        String json = new String(ContractSerde.toJson(message), StandardCharsets.UTF_8);
        int sequence = episode.notifications + 1;
        return Multi.createFrom()
                .iterable(route.targets())
                .onItem()
                .transformToUniAndConcatenate(target -> allowed.apply(target)
                        .chain(yes -> yes
                                ? write(episode, target, purpose, json, sequence)
                                        .replaceWith(1)
                                : Uni.createFrom().item(0)))
                .collect()
                .with(Collectors.summingInt(Integer::intValue))
                .invoke(written -> {
                    if (written > 0) {
                        episode.notifications = sequence;
                    }
                });
    }

    private Uni<Void> write(Episode episode, Route.Target target, String purpose, String json, int sequence) {
        OutboxEntry entry = new OutboxEntry();
        entry.id = UUID.randomUUID();
        entry.tenant = episode.tenant;
        entry.episodeId = episode.id;
        entry.channelId = target.channel().id;
        entry.recipientId = target.recipient() == null ? null : target.recipient().id;
        entry.address = target.address();
        entry.purpose = purpose;
        entry.message = json;
        entry.idempotencyKey = UUID.nameUUIDFromBytes(
                        (episode.id + "/" + sequence + "/" + target.channel().id + "/" + target.address())
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
        entry.state = "pending";
        Instant now = clock.instant();
        entry.nextAttemptAt = now;
        entry.createdAt = now;
        return entry.persist().replaceWithVoid();
    }

    private AlertMessage message(Episode episode, Route route, String purpose) {
        String assignee = route.assignee() == null ? null : route.assignee().name + " <" + route.assignee().email + ">";
        return message(episode, assignee, purpose);
    }

    /** The channel-independent message of an episode as it is now. */
    public AlertMessage message(Episode episode, String assignee, String purpose) {
        RiskChange change =
                ContractSerde.fromJson(episode.lastChange.getBytes(StandardCharsets.UTF_8), RiskChange.class);
        var factors = change.topFactors() == null
                ? java.util.List.<AlertMessage.Factor>of()
                : change.topFactors().stream()
                        .map(f -> new AlertMessage.Factor(f.label(), f.contribution(), f.change()))
                        .toList();
        String link = config.inboxBaseUrl().replaceAll("/+$", "") + "/episodes/" + episode.id;
        return new AlertMessage(
                episode.id.toString(),
                episode.tenant,
                episode.customerId,
                episode.kind,
                purpose,
                change.newLevel(),
                change.oldLevel(),
                change.newScore(),
                change.oldScore(),
                factors,
                change.pAlive(),
                change.mrr(),
                change.tenureDays(),
                change.segment(),
                change.owner(),
                episode.ownerLeft,
                assignee,
                Playbooks.steps(change.playbooks()),
                link,
                clock.instant());
    }
}
