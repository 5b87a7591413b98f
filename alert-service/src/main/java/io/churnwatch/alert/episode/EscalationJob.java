package io.churnwatch.alert.episode;

import io.churnwatch.alert.delivery.Notifier;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EpisodeRepository;
import io.churnwatch.alert.persistence.EpisodeState;
import io.churnwatch.alert.persistence.RoutingRuleRepository;
import io.churnwatch.alert.routing.Router;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Ends snoozes whose time has come, and escalates episodes left unacknowledged past their rule's
 * {@code escalateAfter} to the rule's manager (once per episode).
 */
@ApplicationScoped
public class EscalationJob {

    private static final Logger LOG = Logger.getLogger(EscalationJob.class);

    private final EpisodeRepository episodes;
    private final RoutingRuleRepository rules;
    private final Router router;
    private final Notifier notifier;
    private final EpisodeEvents events;
    private final Clock clock;

    public EscalationJob(
            EpisodeRepository episodes,
            RoutingRuleRepository rules,
            Router router,
            Notifier notifier,
            EpisodeEvents events,
            Clock clock) {
        this.episodes = episodes;
        this.rules = rules;
        this.router = router;
        this.notifier = notifier;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(
            every = "${churnwatch.alert.escalation.check-every:30s}",
            identity = "escalation",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return runOnce()
                .onFailure()
                .invoke(e -> LOG.warnf("Escalation pass failed: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** One pass; returns how many episodes were escalated. */
    @WithTransaction
    public Uni<Integer> runOnce() {
        Instant now = clock.instant();
        return episodes.snoozeEnded(now, 500)
                .chain(woken -> Multi.createFrom()
                        .iterable(woken)
                        .onItem()
                        .transformToUniAndConcatenate(episode -> {
                            episode.state = EpisodeState.OPEN;
                            episode.snoozedUntil = null;
                            episode.updatedAt = now;
                            return events.record(episode, EpisodeEvents.OPEN);
                        })
                        .collect()
                        .last())
                .chain(() -> episodes.escalationCandidates(now, 100))
                .chain(candidates -> Multi.createFrom()
                        .iterable(candidates)
                        .onItem()
                        .transformToUniAndConcatenate(episode -> escalate(episode, now))
                        .collect()
                        .with(java.util.stream.Collectors.summingInt(Integer::intValue)));
    }

    private Uni<Integer> escalate(Episode episode, Instant now) {
        return rules.findForTenant(episode.tenant, episode.ruleId).chain(rule -> {
            if (rule == null
                    || rule.escalateTo == null
                    || rule.escalateAfterSeconds == null
                    || episode.openedAt
                            .plus(Duration.ofSeconds(rule.escalateAfterSeconds))
                            .isAfter(now)) {
                return Uni.createFrom().item(0);
            }
            episode.escalatedAt = now;
            return router.escalation(episode, rule)
                    .chain(route -> notifier.enqueue(episode, route, "unacknowledged"))
                    .chain(() -> events.record(episode, EpisodeEvents.ESCALATED))
                    .replaceWith(1);
        });
    }
}
