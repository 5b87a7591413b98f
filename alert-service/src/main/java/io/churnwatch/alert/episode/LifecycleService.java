package io.churnwatch.alert.episode;

import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EpisodeRepository;
import io.churnwatch.alert.persistence.EpisodeState;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What people do with an episode: look at it, acknowledge, snooze until a time, resolve with an outcome
 * and reason, record a churned customer as won back. Each change writes its AlertEvent in the same transaction.
 */
@ApplicationScoped
public class LifecycleService {

    public static final Set<String> OUTCOMES = Set.of("saved", "churned", "false_alarm");
    public static final Set<String> REASONS =
            Set.of("price", "product_quality", "service", "support", "competitor", "owner_left", "other");
    static final Duration LONGEST_SNOOZE = Duration.ofDays(90);

    /** An episode after a request, and whether the request changed it. */
    public record Result(Episode episode, boolean changed) {}

    private final EpisodeRepository episodes;
    private final EpisodeEvents events;
    private final Clock clock;

    public LifecycleService(EpisodeRepository episodes, EpisodeEvents events, Clock clock) {
        this.episodes = episodes;
        this.events = events;
        this.clock = clock;
    }

    public Uni<List<Episode>> list(
            String tenant, EpisodeRepository.Filter filter, EpisodeRepository.After after, int limit) {
        return episodes.list(tenant, filter, after, limit);
    }

    public Uni<Episode> get(String tenant, UUID id) {
        return episodes.findForTenant(tenant, id).onItem().ifNull().failWith(() -> notFound(id));
    }

    /** Acknowledges; acknowledging again changes nothing. */
    @WithTransaction
    public Uni<Result> acknowledge(String tenant, UUID id) {
        return open(tenant, id).chain(episode -> {
            if (episode.state == EpisodeState.ACKNOWLEDGED) {
                return Uni.createFrom().item(new Result(episode, false));
            }
            episode.state = EpisodeState.ACKNOWLEDGED;
            episode.snoozedUntil = null;
            episode.acknowledgedAt = episode.acknowledgedAt == null ? clock.instant() : episode.acknowledgedAt;
            episode.updatedAt = clock.instant();
            return events.record(episode, EpisodeEvents.ACKNOWLEDGED).replaceWith(new Result(episode, true));
        });
    }

    @WithTransaction
    public Uni<Episode> snooze(String tenant, UUID id, Instant until) {
        Instant now = clock.instant();
        if (!until.isAfter(now) || until.isAfter(now.plus(LONGEST_SNOOZE))) {
            throw ProblemException.of(
                    ProblemType.INVALID_REQUEST, "'until' must be in the future and at most 90 days away");
        }
        return open(tenant, id).chain(episode -> {
            episode.state = EpisodeState.SNOOZED;
            episode.snoozedUntil = until;
            episode.updatedAt = now;
            return events.record(episode, EpisodeEvents.SNOOZED).replaceWith(episode);
        });
    }

    @WithTransaction
    public Uni<Episode> resolve(String tenant, UUID id, String outcome, String reason, String note) {
        return open(tenant, id).chain(episode -> {
            episode.state = EpisodeState.RESOLVED;
            episode.resolvedAt = clock.instant();
            episode.updatedAt = episode.resolvedAt;
            episode.snoozedUntil = null;
            episode.outcome = outcome;
            episode.reason = reason;
            episode.resolutionNote = note;
            return events.record(episode, EpisodeEvents.RESOLVED).replaceWith(episode);
        });
    }

    /**
     * Records that the customer of an episode resolved as churned came back (the win-back rate of the
     * statistics counts these). Recording it again changes nothing.
     */
    @WithTransaction
    public Uni<Episode> wonBack(String tenant, UUID id) {
        return episodes.findForTenantLocked(tenant, id)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(id))
                .chain(episode -> {
                    if (episode.state != EpisodeState.RESOLVED || !"churned".equals(episode.outcome)) {
                        throw ProblemException.of(
                                ProblemType.CONFLICT, "Only an alert resolved as churned can be marked won back");
                    }
                    if (episode.wonBackAt != null) {
                        return Uni.createFrom().item(episode);
                    }
                    episode.wonBackAt = clock.instant();
                    episode.updatedAt = episode.wonBackAt;
                    return events.record(episode, EpisodeEvents.WON_BACK).replaceWith(episode);
                });
    }

    private Uni<Episode> open(String tenant, UUID id) {
        return episodes.findForTenantLocked(tenant, id)
                .onItem()
                .ifNull()
                .failWith(() -> notFound(id))
                .invoke(episode -> {
                    if (episode.state == EpisodeState.RESOLVED) {
                        throw ProblemException.of(
                                ProblemType.CONFLICT,
                                "Alert " + id + " is resolved; it reopens by itself when the risk rises again");
                    }
                });
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.of(ProblemType.NOT_FOUND, "No alert " + id);
    }
}
