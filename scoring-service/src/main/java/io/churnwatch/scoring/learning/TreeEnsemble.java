package io.churnwatch.scoring.learning;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.events.ContractJson;
import java.io.IOException;
import java.util.Optional;

/**
 * A trained booster's trees, read from XGBoost's own JSON model and walked in Java. One row costs a few
 * hundred comparisons here, where one call into the native library cost about 0.2 ms (its per-call set-up,
 * measured with the model of {@code bench/scoring-bench --learned}), more than the rest of a rescoring.
 * Same rule as XGBoost: go left when the feature is below the split, a missing (NaN) feature takes the
 * node's default side; the leaves' sum plus the base margin is the log-odds.
 */
public final class TreeEnsemble {

    private final int[][] left;
    private final int[][] right;
    private final int[][] feature;
    private final float[][] condition;
    private final boolean[][] defaultLeft;
    private final double baseMargin;

    private TreeEnsemble(
            int[][] left,
            int[][] right,
            int[][] feature,
            float[][] condition,
            boolean[][] defaultLeft,
            double baseMargin) {
        this.left = left;
        this.right = right;
        this.feature = feature;
        this.condition = condition;
        this.defaultLeft = defaultLeft;
        this.baseMargin = baseMargin;
    }

    /** The trees of a {@code binary:logistic} model with numeric splits only, else empty (the library then predicts). */
    static Optional<TreeEnsemble> of(byte[] jsonModel) {
        try {
            JsonNode learner = ContractJson.mapper().readTree(jsonModel).path("learner");
            JsonNode model = learner.path("gradient_booster").path("model");
            if (!"binary:logistic".equals(learner.path("objective").path("name").asText())
                    || !"1"
                            .equals(model.path("gbtree_model_param")
                                    .path("num_parallel_tree")
                                    .asText("1"))) {
                return Optional.empty();
            }
            JsonNode trees = model.path("trees");
            int n = trees.size();
            int[][] left = new int[n][];
            int[][] right = new int[n][];
            int[][] feature = new int[n][];
            float[][] condition = new float[n][];
            boolean[][] defaultLeft = new boolean[n][];
            for (int t = 0; t < n; t++) {
                JsonNode tree = trees.get(t);
                for (JsonNode splitType : tree.path("split_type")) {
                    if (splitType.asInt() != 0) {
                        return Optional.empty();
                    }
                }
                left[t] = ints(tree.path("left_children"));
                right[t] = ints(tree.path("right_children"));
                feature[t] = ints(tree.path("split_indices"));
                condition[t] = floats(tree.path("split_conditions"));
                int[] defaults = ints(tree.path("default_left"));
                defaultLeft[t] = new boolean[defaults.length];
                for (int i = 0; i < defaults.length; i++) {
                    defaultLeft[t][i] = defaults[i] != 0;
                }
            }
            double base = Double.parseDouble(learner.path("learner_model_param")
                    .path("base_score")
                    .asText()
                    .replaceAll("[\\[\\]]", ""));
            return Optional.of(
                    new TreeEnsemble(left, right, feature, condition, defaultLeft, Math.log(base / (1 - base))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** P(label) for one row, before calibration: what the booster's prediction gives. */
    double probability(float[] x) {
        double margin = baseMargin;
        for (int t = 0; t < left.length; t++) {
            int node = 0;
            int[] l = left[t];
            while (l[node] != -1) {
                float value = x[feature[t][node]];
                boolean goLeft = Float.isNaN(value) ? defaultLeft[t][node] : value < condition[t][node];
                node = goLeft ? l[node] : right[t][node];
            }
            margin += condition[t][node];
        }
        return 1 / (1 + Math.exp(-margin));
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
