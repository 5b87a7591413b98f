package io.churnwatch.scoring.model;

import java.time.Instant;
import java.util.Map;

/**
 * What a learned model sees of one customer at one instant: the {@link ChurnFeatures#BASE} features in
 * their order, and the decayed 28-day count of every event type the customer had (custom types too).
 *
 * @param customerId the customer
 * @param at the instant (event time) the features describe
 * @param base values of {@link ChurnFeatures#BASE}, NaN where unknown; a snapshot kept before the last features
 *        were added has fewer, and those are unknown
 * @param types per event type, its recent count
 */
public record ChurnSnapshot(String customerId, Instant at, float[] base, Map<String, Float> types) {

    public ChurnSnapshot {
        int size = ChurnFeatures.BASE.size();
        if (base.length > size) {
            throw new IllegalArgumentException("at most " + size + " base features, got " + base.length);
        }
        if (base.length < size) {
            float[] padded = java.util.Arrays.copyOf(base, size);
            java.util.Arrays.fill(padded, base.length, size, Float.NaN);
            base = padded;
        }
        types = Map.copyOf(types);
    }
}
