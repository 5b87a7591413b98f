package io.churnwatch.scoring.learning;

import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.FeatureSchema;
import io.churnwatch.scoring.model.IsotonicCalibration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains a tenant's model with XGBoost: gradient-boosted trees on the labelled snapshots older than the
 * last fifth of the training period, stopped early when the log-loss on that last fifth (the most recent
 * outcomes, as the model will meet them) stops improving, then isotonic calibration on that fifth, then
 * the trees again on everything with the rounds that served best. Plain CPU, one thread, a fixed seed:
 * the same snapshots give the same model.
 */
public final class ModelTraining {

    /** A snapshot with its label and its weight (non-churners sampled down are weighted up). */
    public record Example(ChurnSnapshot snapshot, boolean churned, float weight) {}

    /** What a training produced; {@code rounds} is how many trees early stopping kept. */
    public record Trained(
            FeatureSchema schema,
            byte[] booster,
            IsotonicCalibration calibration,
            int rows,
            int positives,
            List<double[]> validationCurve,
            int rounds) {}

    private static final int MAX_TYPES = 16;
    private static final double WEEK_SECONDS = Duration.ofDays(7).toSeconds();
    /** Rounds without a better held-out log-loss before boosting stops: small tenants overfit fast. */
    private static final int PATIENCE = 20;

    private static final double MIN_TYPE_SHARE = 0.005;

    private ModelTraining() {}

    public static Trained train(List<Example> examples, int rounds) {
        List<Example> ordered = new ArrayList<>(examples);
        ordered.sort(Comparator.comparing(e -> e.snapshot().at()));
        FeatureSchema schema =
                FeatureSchema.of(ordered.stream().map(Example::snapshot).toList(), MAX_TYPES, MIN_TYPE_SHARE);
        int split = (int) (ordered.size() * 0.8);
        List<Example> fit = ordered.subList(0, split);
        List<Example> holdout = ordered.subList(split, ordered.size());
        try {
            Booster first = boost(schema, fit, holdout, rounds);
            int best = bestRounds(first, rounds);
            double[] raw = predict(first, schema, holdout, best);
            boolean[] outcome = new boolean[holdout.size()];
            double[] weight = new double[holdout.size()];
            for (int i = 0; i < outcome.length; i++) {
                outcome[i] = holdout.get(i).churned();
                weight[i] = holdout.get(i).weight();
            }
            IsotonicCalibration calibration = IsotonicCalibration.fit(raw, outcome, weight);
            List<double[]> curve = curve(holdout, raw, calibration);
            first.dispose();
            Booster all = boost(schema, ordered, List.of(), best);
            byte[] bytes = all.toByteArray("ubj");
            all.dispose();
            int positives = (int) ordered.stream().filter(Example::churned).count();
            return new Trained(schema, bytes, calibration, ordered.size(), positives, curve, best);
        } catch (XGBoostError e) {
            throw new IllegalStateException("training failed: " + e.getMessage(), e);
        }
    }

    /** Boosts on {@code examples}, stopping early on {@code validation}'s log-loss unless it is empty. */
    private static Booster boost(FeatureSchema schema, List<Example> examples, List<Example> validation, int rounds)
            throws XGBoostError {
        DMatrix matrix = labelled(schema, examples);
        DMatrix watched = validation.isEmpty() ? null : labelled(schema, validation);
        try {
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "binary:logistic");
            params.put("eval_metric", "logloss");
            params.put("max_depth", 4);
            params.put("eta", 0.1);
            params.put("min_child_weight", 5);
            params.put("subsample", 0.8);
            params.put("colsample_bytree", 0.8);
            params.put("tree_method", "hist");
            params.put("nthread", 1);
            params.put("seed", 1);
            params.put("verbosity", 0);
            params.put("verbose_eval", "false");
            if (watched == null) {
                return XGBoost.train(matrix, params, rounds, Map.of(), null, null);
            }
            return XGBoost.train(
                    matrix, params, rounds, Map.of("validation", watched), new float[1][rounds], null, null, PATIENCE);
        } finally {
            matrix.dispose();
            if (watched != null) {
                watched.dispose();
            }
        }
    }

    /** The rounds that gave the best held-out log-loss (all of them when boosting never stopped early). */
    private static int bestRounds(Booster booster, int rounds) throws XGBoostError {
        String best = booster.getAttr("best_iteration");
        return best == null ? rounds : Math.min(rounds, Integer.parseInt(best) + 1);
    }

    private static DMatrix labelled(FeatureSchema schema, List<Example> examples) throws XGBoostError {
        DMatrix matrix = matrix(schema, examples);
        float[] labels = new float[examples.size()];
        float[] weights = new float[examples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = examples.get(i).churned() ? 1 : 0;
            weights[i] = examples.get(i).weight();
        }
        matrix.setLabel(labels);
        matrix.setWeight(weights);
        return matrix;
    }

    private static double[] predict(Booster booster, FeatureSchema schema, List<Example> examples, int rounds)
            throws XGBoostError {
        if (examples.isEmpty()) {
            return new double[0];
        }
        DMatrix matrix = matrix(schema, examples);
        try {
            float[][] out = booster.predict(matrix, false, rounds);
            double[] raw = new double[out.length];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = out[i][0];
            }
            return raw;
        } finally {
            matrix.dispose();
        }
    }

    private static DMatrix matrix(FeatureSchema schema, List<Example> examples) throws XGBoostError {
        int n = schema.size();
        float[] data = new float[examples.size() * n];
        for (int i = 0; i < examples.size(); i++) {
            System.arraycopy(schema.vector(examples.get(i).snapshot()), 0, data, i * n, n);
        }
        return new DMatrix(data, examples.size(), n, Float.NaN);
    }

    /**
     * Per calibrated threshold 0.01..0.99: {threshold, precision, recall, new alerts per customer-week} of the
     * held-out snapshots, in time order; an alert is a customer's snapshot at or above the threshold after one below.
     */
    private static List<double[]> curve(List<Example> holdout, double[] raw, IsotonicCalibration calibration) {
        double[] p = new double[raw.length];
        double positives = 0;
        for (int i = 0; i < raw.length; i++) {
            p[i] = calibration.probability(raw[i]);
            positives += holdout.get(i).churned() ? holdout.get(i).weight() : 0;
        }
        int[] previous = previousOfSameCustomer(holdout);
        double weeks = 0;
        for (int i = 0; i < raw.length; i++) {
            if (previous[i] >= 0) {
                weeks += holdout.get(i).weight()
                        * Duration.between(
                                        holdout.get(previous[i]).snapshot().at(),
                                        holdout.get(i).snapshot().at())
                                .toSeconds()
                        / WEEK_SECONDS;
            }
        }
        List<double[]> curve = new ArrayList<>();
        for (int step = 1; step < 100; step++) {
            double threshold = step / 100.0;
            double flagged = 0;
            double hits = 0;
            double entries = 0;
            for (int i = 0; i < raw.length; i++) {
                double weight = holdout.get(i).weight();
                if (p[i] >= threshold) {
                    flagged += weight;
                    hits += holdout.get(i).churned() ? weight : 0;
                    entries += previous[i] >= 0 && p[previous[i]] < threshold ? weight : 0;
                }
            }
            curve.add(new double[] {
                threshold,
                flagged == 0 ? Double.NaN : hits / flagged,
                positives == 0 ? Double.NaN : hits / positives,
                weeks == 0 ? Double.NaN : entries / weeks
            });
        }
        return curve;
    }

    /** For each example (in time order), the index of the same customer's example before it, or -1. */
    private static int[] previousOfSameCustomer(List<Example> examples) {
        Map<String, Integer> last = new HashMap<>();
        int[] previous = new int[examples.size()];
        for (int i = 0; i < previous.length; i++) {
            Integer before = last.put(examples.get(i).snapshot().customerId(), i);
            previous[i] = before == null ? -1 : before;
        }
        return previous;
    }
}
