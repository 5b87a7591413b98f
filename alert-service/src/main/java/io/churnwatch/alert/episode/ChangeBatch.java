package io.churnwatch.alert.episode;

import io.churnwatch.alert.delivery.DailyCaps;
import io.churnwatch.alert.persistence.Episode;
import io.churnwatch.alert.persistence.EventOutboxEntry;
import io.churnwatch.alert.persistence.ProcessedChange;
import io.churnwatch.alert.routing.TeamTurns;
import io.churnwatch.alert.routing.TenantRouting;
import io.churnwatch.events.RiskChange;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What the risk changes of one transaction share, read up front with a few queries: the change ids already
 * processed, their customers' open episodes (locked) and those resolved within the reopen cool-down. While the
 * changes are applied in order it keeps the episodes current (a second change of a customer sees the episode the
 * first one opened), each tenant's routing, the teams' turns and daily caps, and the rows to write in bulk.
 */
final class ChangeBatch {

    private record Key(String tenant, String customerId, String kind) {
        static Key of(Episode episode) {
            return new Key(episode.tenant, episode.customerId, episode.kind);
        }
    }

    final TeamTurns turns = new TeamTurns();
    final DailyCaps caps;
    final List<ProcessedChange> processed = new ArrayList<>();
    final List<EventOutboxEntry> events = new ArrayList<>();

    private final Set<String> seen;
    private final Map<Key, Episode> open = new HashMap<>();
    private final Map<Key, Episode> resolved = new HashMap<>();
    private final Map<String, TenantRouting> routing = new HashMap<>();

    ChangeBatch(Set<String> alreadyProcessed, List<Episode> episodes, int renotifyCapPerDay) {
        this.seen = new HashSet<>(alreadyProcessed);
        this.caps = new DailyCaps(renotifyCapPerDay);
        for (Episode episode : episodes) {
            if (episode.isOpen()) {
                open.put(Key.of(episode), episode);
            } else {
                resolved.merge(Key.of(episode), episode, (a, b) -> a.resolvedAt.isAfter(b.resolvedAt) ? a : b);
            }
        }
    }

    /** Records the change as processed now; false when it was processed before or earlier in this batch. */
    boolean firstTime(RiskChange change, Instant now) {
        if (!seen.add(change.changeId())) {
            return false;
        }
        processed.add(ProcessedChange.of(change.changeId(), change.tenant(), now));
        return true;
    }

    Episode open(RiskChange change, String kind) {
        return open.get(new Key(change.tenant(), change.customerId(), kind));
    }

    /** The latest episode of the customer and kind resolved within the reopen cool-down, if any. */
    Episode recentlyResolved(RiskChange change, String kind) {
        return resolved.get(new Key(change.tenant(), change.customerId(), kind));
    }

    /** Tracks an episode this batch opened or reopened. */
    void opened(Episode episode) {
        resolved.remove(Key.of(episode), episode);
        open.put(Key.of(episode), episode);
    }

    void record(EventOutboxEntry event) {
        events.add(event);
    }

    /** The tenant's routing, read once per batch. */
    Uni<TenantRouting> routing(String tenant, Function<String, Uni<TenantRouting>> read) {
        TenantRouting known = routing.get(tenant);
        return known != null
                ? Uni.createFrom().item(known)
                : read.apply(tenant).invoke(found -> routing.put(tenant, found));
    }
}
