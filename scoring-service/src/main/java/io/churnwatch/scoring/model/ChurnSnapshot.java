package io.churnwatch.scoring.model;

import java.time.Instant;
import java.util.Map;

/**
 * What a learned model sees of one customer at one instant: the {@link ChurnFeatures#BASE} features in
 * their order, and the decayed 28-day count of every event type the customer had (custom types too).
 *
 * @param customerId the customer
 * @param at the instant (event time) the features describe
 * @param base values of {@link ChurnFeatures#BASE}, NaN where unknown
 * @param types per event type, its recent count
 */
public record ChurnSnapshot(String customerId, Instant at, float[] base, Map<String, Float> types) {

    public ChurnSnapshot {
        if (base.length != ChurnFeatures.BASE.size()) {
            throw new IllegalArgumentException("need " + ChurnFeatures.BASE.size() + " base features");
        }
        types = Map.copyOf(types);
    }
}
