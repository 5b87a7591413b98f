package io.churnwatch.alert.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * This instance's delivery lanes in flight: at most {@code total} at once, at most {@code perTenant} of one tenant, so a
 * tenant whose receiver hangs holds its own slots only. A channel with a lane in flight is busy: its rows are not
 * claimed until the lane ends, which keeps one episode's messages in order and the channel's rate limit counted from
 * the delivery log.
 */
final class DeliverySlots {

    private final int total;
    private final int perTenant;
    private final Map<String, Integer> byTenant = new HashMap<>();
    private final Map<UUID, Integer> byChannel = new HashMap<>();
    private int inFlight;

    DeliverySlots(int total, int perTenant) {
        this.total = total;
        this.perTenant = perTenant;
    }

    /** Takes a slot for a lane of the tenant's channel; false when the tenant's or the instance's slots are all taken. */
    synchronized boolean take(String tenant, UUID channel) {
        if (inFlight >= total || byTenant.getOrDefault(tenant, 0) >= perTenant) {
            return false;
        }
        inFlight++;
        byTenant.merge(tenant, 1, Integer::sum);
        byChannel.merge(channel, 1, Integer::sum);
        return true;
    }

    synchronized void give(String tenant, UUID channel) {
        inFlight--;
        byTenant.computeIfPresent(tenant, (t, n) -> n == 1 ? null : n - 1);
        byChannel.computeIfPresent(channel, (c, n) -> n == 1 ? null : n - 1);
    }

    synchronized boolean full() {
        return inFlight >= total;
    }

    /** Tenants with no free slot: a claim skips their rows. */
    synchronized List<String> fullTenants() {
        return byTenant.entrySet().stream()
                .filter(e -> e.getValue() >= perTenant)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Channels with a lane in flight: a claim skips their rows. */
    synchronized List<UUID> busyChannels() {
        return List.copyOf(byChannel.keySet());
    }
}
