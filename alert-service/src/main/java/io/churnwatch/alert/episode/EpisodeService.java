package io.churnwatch.alert.episode;

import io.churnwatch.alert.config.AlertConfig;
import io.churnwatch.alert.delivery.Notifier;
import io.churnwatch.alert.persistence.ChangeBatchWriter;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EpisodeRepository;
import io.churnwatch.alert.persistence.EpisodeState;
import io.churnwatch.alert.persistence.ProcessedChange;
import io.churnwatch.alert.routing.Router;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.Playbook;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskLevel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns risk changes into alert episodes without alert fatigue: one open episode per tenant,
 * customer and kind; a further change updates it and re-notifies only on escalation; a change
 * within the cool-down after resolution reopens it. The change id is recorded in the same
 * transaction, so a redelivered change does nothing. Changes are applied a batch at a time, in order, in
 * the caller's transaction.
 */
@ApplicationScoped
public class EpisodeService {

    /** What applying a change did. */
    public enum Outcome {
        DUPLICATE,
        IGNORED,
        OPENED,
        REOPENED,
        UPDATED,
        ESCALATED
    }

    public static final String KIND_CHURN_RISK = "churn_risk";
    public static final String KIND_OWNER_LEFT = "owner_left";
    /** A customer silent past the check-in point (day 10 of a newcomer, twice the normal gap): low priority, no page. */
    public static final String KIND_CHECK_IN = "check_in";
    /** The playbook scoring suggests at the check-in point. */
    private final EpisodeRepository episodes;

    private final ChangeBatchWriter writer;
    private final Router router;
    private final Notifier notifier;
    private final EpisodeEvents events;
    private final AlertConfig config;
    private final Clock clock;

    public EpisodeService(
            EpisodeRepository episodes,
            ChangeBatchWriter writer,
            Router router,
            Notifier notifier,
            EpisodeEvents events,
            AlertConfig config,
            Clock clock) {
        this.episodes = episodes;
        this.writer = writer;
        this.router = router;
        this.notifier = notifier;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Applies the changes in order in the caller's transaction and returns one outcome per change. The batch's
     * episodes and processed ids are read with two queries up front, and the processed ids and AlertEvents are
     * written with one statement each at the end.
     */
    public Uni<List<Outcome>> applyAll(List<RiskChange> changes) {
        Instant resolvedSince = clock.instant().minus(config.reopenCooldown());
        Set<EpisodeRepository.CustomerKey> customers = new LinkedHashSet<>();
        changes.forEach(
                change -> customers.add(new EpisodeRepository.CustomerKey(change.tenant(), change.customerId())));
        return ProcessedChange.alreadyProcessed(
                        changes.stream().map(RiskChange::changeId).toList())
                .chain(done -> episodes.lockForCustomers(customers, resolvedSince)
                        .map(found -> new ChangeBatch(done, found, config.renotifyCapPerDay())))
                .chain(batch -> Multi.createFrom()
                        .iterable(changes)
                        .onItem()
                        .transformToUniAndConcatenate(change -> Uni.createFrom().deferred(() -> apply(batch, change)))
                        .collect()
                        .asList()
                        .call(() -> writer.insertProcessed(batch.processed))
                        .call(() -> writer.insertEvents(batch.events)));
    }

    private Uni<Outcome> apply(ChangeBatch batch, RiskChange change) {
        return batch.firstTime(change, clock.instant())
                ? applyNew(batch, change)
                : Uni.createFrom().item(Outcome.DUPLICATE);
    }

    /**
     * The kind of episode a change belongs to: below the open level, an owner leaving opens its own episode, and so
     * does a customer reaching the check-in point (unless {@code churnwatch.alert.check-in-episodes} is off).
     */
    String kindOf(RiskChange change) {
        if (change.newLevel().isAtLeast(config.openLevel())) {
            return KIND_CHURN_RISK;
        }
        if (change.ownerLeft()) {
            return KIND_OWNER_LEFT;
        }
        boolean checkIn = config.checkInEpisodes()
                && change.playbooks() != null
                && change.playbooks().contains(Playbook.DAY10_CHECKIN.wireName());
        return checkIn ? KIND_CHECK_IN : KIND_CHURN_RISK;
    }

    private Uni<Outcome> applyNew(ChangeBatch batch, RiskChange change) {
        String kind = kindOf(change);
        Episode open = batch.open(change, kind);
        if (open != null) {
            return update(batch, open, change);
        }
        if (KIND_CHURN_RISK.equals(kind) && !change.newLevel().isAtLeast(config.openLevel())) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        Episode resolved = batch.recentlyResolved(change, kind);
        if (resolved == null) {
            return open(batch, change, kind);
        }
        return rising(change)
                ? reopen(batch, resolved, change)
                : Uni.createFrom().item(Outcome.IGNORED);
    }

    private Uni<Outcome> open(ChangeBatch batch, RiskChange change, String kind) {
        Instant now = clock.instant();
        Episode episode = new Episode();
        episode.id = UUID.randomUUID();
        episode.tenant = change.tenant();
        episode.customerId = change.customerId();
        episode.kind = kind;
        episode.state = EpisodeState.OPEN;
        episode.openedAt = now;
        absorb(episode, change);
        batch.opened(episode);
        batch.record(events.event(episode, EpisodeEvents.OPEN));
        boolean quiet = KIND_CHECK_IN.equals(kind);
        return episodes.persist(episode)
                .chain(() -> notify(batch, episode, "new", false, false, quiet))
                .replaceWith(Outcome.OPENED);
    }

    private Uni<Outcome> reopen(ChangeBatch batch, Episode episode, RiskChange change) {
        episode.state = EpisodeState.OPEN;
        episode.reopenCount++;
        episode.openedAt = clock.instant();
        episode.acknowledgedAt = null;
        episode.snoozedUntil = null;
        episode.escalatedAt = null;
        episode.resolvedAt = null;
        episode.outcome = null;
        episode.reason = null;
        episode.resolutionNote = null;
        episode.wonBackAt = null;
        boolean ownerJustLeft = change.ownerLeft() && !episode.ownerLeft;
        absorb(episode, change);
        batch.opened(episode);
        batch.record(events.event(episode, EpisodeEvents.REOPENED));
        boolean quiet = KIND_CHECK_IN.equals(episode.kind);
        return notify(batch, episode, "reopened", ownerJustLeft, false, quiet).replaceWith(Outcome.REOPENED);
    }

    private Uni<Outcome> update(ChangeBatch batch, Episode episode, RiskChange change) {
        boolean ownerJustLeft = change.ownerLeft() && !episode.ownerLeft;
        boolean levelUp = episode.notifiedLevel == null || change.newLevel().compareTo(episode.notifiedLevel) > 0;
        boolean scoreUp = episode.notifiedScore == null
                || change.newScore() - episode.notifiedScore >= config.renotifyScoreStep();
        absorb(episode, change);
        if (KIND_CHECK_IN.equals(episode.kind)) {
            return Uni.createFrom().item(Outcome.UPDATED);
        }
        if (episode.state == EpisodeState.SNOOZED) {
            if (!levelUp && !ownerJustLeft) {
                return Uni.createFrom().item(Outcome.UPDATED);
            }
            episode.state = EpisodeState.OPEN;
            episode.snoozedUntil = null;
        }
        if (!levelUp && !scoreUp && !ownerJustLeft) {
            return Uni.createFrom().item(Outcome.UPDATED);
        }
        batch.record(events.event(episode, EpisodeEvents.ESCALATED));
        return notify(batch, episode, "escalated", ownerJustLeft, true, false).replaceWith(Outcome.ESCALATED);
    }

    /** Routes and assigns the episode, and unless {@code quiet} (inbox and digest only) enqueues its notification. */
    private Uni<Integer> notify(
            ChangeBatch batch, Episode episode, String purpose, boolean reassign, boolean capped, boolean quiet) {
        return batch.routing(episode.tenant, router::routing)
                .chain(routing -> router.route(episode, reassign, routing, batch.turns))
                .chain(route -> {
                    episode.ruleId = route.rule() == null ? episode.ruleId : route.rule().id;
                    episode.assignee = route.assignee() == null ? episode.assignee : route.assignee().id;
                    episode.notifiedLevel = episode.level;
                    episode.notifiedScore = episode.score;
                    if (quiet) {
                        return Uni.createFrom().item(0);
                    }
                    return capped
                            ? notifier.enqueueCapped(episode, route, purpose, batch.caps)
                            : notifier.enqueue(episode, route, purpose);
                });
    }

    private void absorb(Episode episode, RiskChange change) {
        episode.level = change.newLevel();
        episode.score = change.newScore();
        episode.priority = change.priority();
        episode.lastChange = new String(ContractSerde.toJson(change), StandardCharsets.UTF_8);
        episode.segment = change.segment();
        episode.mrr = change.mrr();
        episode.owner = change.owner();
        episode.ownerLeft = episode.ownerLeft || change.ownerLeft();
        episode.updatedAt = clock.instant();
    }

    private static boolean rising(RiskChange change) {
        return change.newScore() > change.oldScore() || levelOf(change.newLevel()) > levelOf(change.oldLevel());
    }

    private static int levelOf(RiskLevel level) {
        return level == null ? -1 : level.ordinal();
    }
}
