package io.churnwatch.alert.persistence;

import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.RiskLevel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Episodes, always looked up within one tenant. */
@ApplicationScoped
@WithSession
public class EpisodeRepository implements PanacheRepositoryBase<Episode, UUID> {

    /**
     * The episodes of the given customers ({@code tenant:customerId} keys) that are open or were resolved after
     * {@code resolvedSince}, locked for the update, in id order (so two transactions lock them in the same order).
     */
    public Uni<List<Episode>> lockForCustomers(Collection<CustomerKey> customers, Instant resolvedSince) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String keys = new String(
                ContractSerde.toJson(customers.stream()
                        .map(k -> Map.of("tenant", k.tenant(), "customer_id", k.customerId()))
                        .toList()),
                StandardCharsets.UTF_8);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        SELECT e.* FROM alert.episodes e
                        WHERE (e.tenant, e.customer_id) IN (
                            SELECT k.tenant, k.customer_id FROM json_to_recordset(cast(cast(?1 as text) as json)) AS k(tenant text, customer_id text))
                          AND (e.state <> 'RESOLVED' OR e.resolved_at > ?2)
                        ORDER BY e.id
                        FOR UPDATE OF e""", Episode.class)
                        .setParameter(1, keys)
                        .setParameter(2, resolvedSince)
                        .getResultList());
    }

    /** A customer of a tenant. */
    public record CustomerKey(String tenant, String customerId) {}

    public Uni<Episode> findForTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResult();
    }

    public Uni<Episode> findForTenantLocked(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /**
     * What the inbox filters by; null members do not filter.
     *
     * @param activeOnly every state but resolved (ignored when {@code state} is set)
     * @param minLevel the lowest risk level shown
     */
    public record Filter(EpisodeState state, boolean activeOnly, RiskLevel minLevel, String segment, String owner) {
        public static Filter of(EpisodeState state) {
            return new Filter(state, false, null, null, null);
        }
    }

    /** Where a page of the list ends: the last episode's sort key, which the next page starts strictly after. */
    public record After(double priority, Instant updatedAt, UUID id) {
        public static After of(Episode last) {
            return new After(last.priority, last.updatedAt, last.id);
        }
    }

    /** A tenant's episodes, most urgent first (priority: risk with value and tenure), filtered; after a page's end when given. */
    public Uni<List<Episode>> list(String tenant, Filter filter, After after, int limit) {
        Sort order = Sort.descending("priority")
                .and("updatedAt", Sort.Direction.Descending)
                .and("id", Sort.Direction.Descending);
        StringBuilder query = new StringBuilder("tenant = :tenant");
        Parameters params = Parameters.with("tenant", tenant);
        if (after != null) {
            query.append(" and (priority < :afterPriority or (priority = :afterPriority and (updatedAt < :afterUpdated"
                    + " or (updatedAt = :afterUpdated and id < :afterId))))");
            params.and("afterPriority", after.priority())
                    .and("afterUpdated", after.updatedAt())
                    .and("afterId", after.id());
        }
        if (filter.state() != null) {
            query.append(" and state = :state");
            params.and("state", filter.state());
        } else if (filter.activeOnly()) {
            query.append(" and state <> :resolved");
            params.and("resolved", EpisodeState.RESOLVED);
        }
        if (filter.minLevel() != null) {
            query.append(" and level in :levels");
            params.and(
                    "levels",
                    java.util.Arrays.stream(RiskLevel.values())
                            .filter(l -> l.isAtLeast(filter.minLevel()))
                            .toList());
        }
        if (filter.segment() != null) {
            query.append(" and lower(segment) = lower(:segment)");
            params.and("segment", filter.segment());
        }
        if (filter.owner() != null) {
            query.append(" and lower(owner) = lower(:owner)");
            params.and("owner", filter.owner());
        }
        return find(query.toString(), order, params).page(Page.ofSize(limit)).list();
    }

    /** Open, unacknowledged, not yet escalated episodes that a rule escalates (the caller checks the time). */
    public Uni<List<Episode>> escalationCandidates(Instant openedBefore, int limit) {
        return find(
                        "state = ?1 and escalatedAt is null and ruleId is not null and openedAt < ?2",
                        Sort.ascending("openedAt"),
                        EpisodeState.OPEN,
                        openedBefore)
                .page(Page.ofSize(limit))
                .list();
    }

    /** Snoozed episodes whose time has come, locked for the update. */
    public Uni<List<Episode>> snoozeEnded(Instant now, int limit) {
        return find("state = ?1 and snoozedUntil <= ?2", Sort.ascending("snoozedUntil"), EpisodeState.SNOOZED, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(Page.ofSize(limit))
                .list();
    }

    /** A tenant's episodes assigned to one recipient that are not resolved, or changed since {@code since}; highest priority first. */
    public Uni<List<Episode>> forDigest(String tenant, UUID assignee, Instant since, int limit) {
        return find(
                        "tenant = ?1 and assignee = ?2 and (state = ?3 or updatedAt >= ?4)",
                        Sort.descending("priority").and("updatedAt", Sort.Direction.Descending),
                        tenant,
                        assignee,
                        EpisodeState.OPEN,
                        since)
                .page(Page.ofSize(limit))
                .list();
    }
}
