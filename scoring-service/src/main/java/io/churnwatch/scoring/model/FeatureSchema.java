package io.churnwatch.scoring.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature names of one learned model, in vector order: {@link ChurnFeatures#BASE}, then the event
 * types common enough in its training snapshots ({@code type:<name>}).
 *
 * @param names every feature name, in order
 */
public record FeatureSchema(List<String> names) {

    public FeatureSchema {
        names = List.copyOf(names);
    }

    /**
     * The schema for a training set: the base features plus at most {@code maxTypes} event types, those
     * present in at least {@code minShare} of the snapshots, the most frequent first.
     */
    public static FeatureSchema of(List<ChurnSnapshot> snapshots, int maxTypes, double minShare) {
        Map<String, Integer> presence = new HashMap<>();
        snapshots.forEach(s -> s.types().keySet().forEach(t -> presence.merge(t, 1, Integer::sum)));
        List<String> names = new ArrayList<>(ChurnFeatures.BASE);
        presence.entrySet().stream()
                .filter(e -> e.getValue() >= minShare * snapshots.size())
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(maxTypes)
                .forEach(e -> names.add(ChurnFeatures.TYPE_PREFIX + e.getKey()));
        return new FeatureSchema(names);
    }

    /** The snapshot as this schema's vector, by name (a model keeps its schema as features are added); unseen types count 0. */
    public float[] vector(ChurnSnapshot snapshot) {
        float[] x = new float[names.size()];
        for (int i = 0; i < x.length; i++) {
            String name = names.get(i);
            int b = ChurnFeatures.baseIndex(name);
            if (b >= 0) {
                x[i] = snapshot.base()[b];
            } else {
                x[i] = snapshot.types().getOrDefault(name.substring(ChurnFeatures.TYPE_PREFIX.length()), 0f);
            }
        }
        return x;
    }

    public int size() {
        return names.size();
    }
}
