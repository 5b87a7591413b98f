package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Episodes, always looked up within one tenant. */
@ApplicationScoped
@WithSession
public class EpisodeRepository implements PanacheRepositoryBase<Episode, UUID> {

    /** The open (not resolved) episode of a customer and kind, locked for the update. */
    public Uni<Episode> findOpen(String tenant, String customerId, String kind) {
        return find("tenant = :tenant and customerId = :customer and kind = :kind and state <> :resolved",
                Parameters.with("tenant", tenant).and("customer", customerId).and("kind", kind).and("resolved", EpisodeState.RESOLVED))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The latest episode of a customer and kind resolved after {@code since}, if any. */
    public Uni<Episode> findResolvedSince(String tenant, String customerId, String kind, Instant since) {
        return find("tenant = :tenant and customerId = :customer and kind = :kind and state = :resolved and resolvedAt > :since",
                Sort.descending("resolvedAt"),
                Parameters.with("tenant", tenant).and("customer", customerId).and("kind", kind)
                        .and("resolved", EpisodeState.RESOLVED).and("since", since))
                .firstResult();
    }

    public Uni<Episode> findForTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResult();
    }

    public Uni<Episode> findForTenantLocked(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** A tenant's episodes, most urgent first, optionally of one state. */
    public Uni<List<Episode>> list(String tenant, EpisodeState state, int limit) {
        Sort order = Sort.descending("priority").and("updatedAt", Sort.Direction.Descending);
        var query = state == null ? find("tenant", order, tenant) : find("tenant = ?1 and state = ?2", order, tenant, state);
        return query.page(Page.ofSize(limit)).list();
    }

    /** Open, unacknowledged, not yet escalated episodes that a rule escalates (the caller checks the time). */
    public Uni<List<Episode>> escalationCandidates(Instant openedBefore, int limit) {
        return find("state = ?1 and escalatedAt is null and ruleId is not null and openedAt < ?2", Sort.ascending("openedAt"),
                EpisodeState.OPEN, openedBefore).page(Page.ofSize(limit)).list();
    }

    /** Ends snoozes whose time has come; returns how many. */
    public Uni<Integer> wakeSnoozed(Instant now) {
        return update("state = ?1, snoozedUntil = null where state = ?2 and snoozedUntil <= ?3", EpisodeState.OPEN, EpisodeState.SNOOZED, now);
    }
}
