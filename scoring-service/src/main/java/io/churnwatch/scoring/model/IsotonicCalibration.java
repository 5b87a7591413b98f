package io.churnwatch.scoring.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a model's raw score to a calibrated probability with isotonic regression (pool adjacent
 * violators, Zadrozny and Elkan 2002): the non-decreasing step function closest in squared error to the
 * observed outcomes of a validation set; between steps it interpolates linearly.
 *
 * @param scores the raw scores of the steps, increasing
 * @param probabilities the calibrated probability at each step, non-decreasing
 */
public record IsotonicCalibration(double[] scores, double[] probabilities) {

    /** No calibration: the raw score is the probability. */
    public static final IsotonicCalibration IDENTITY = new IsotonicCalibration(new double[] {0, 1}, new double[] {0, 1});

    public IsotonicCalibration {
        if (scores.length == 0 || scores.length != probabilities.length) {
            throw new IllegalArgumentException("scores and probabilities must have the same, positive length");
        }
        scores = scores.clone();
        probabilities = probabilities.clone();
    }

    /** Fits the calibration to raw scores and their 0/1 outcomes, each of weight 1. */
    public static IsotonicCalibration fit(double[] raw, boolean[] outcome) {
        double[] weights = new double[raw.length];
        Arrays.fill(weights, 1);
        return fit(raw, outcome, weights);
    }

    /** Fits the calibration to weighted raw scores and their 0/1 outcomes. */
    public static IsotonicCalibration fit(double[] raw, boolean[] outcome, double[] weight) {
        Integer[] order = new Integer[raw.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
        List<double[]> blocks = new ArrayList<>(); // {weighted outcomes, weight, mean score}
        for (int i : order) {
            blocks.add(new double[] {outcome[i] ? weight[i] : 0, weight[i], raw[i]});
            while (blocks.size() > 1 && mean(blocks.get(blocks.size() - 2)) >= mean(blocks.get(blocks.size() - 1))) {
                double[] last = blocks.remove(blocks.size() - 1);
                double[] previous = blocks.get(blocks.size() - 1);
                previous[2] = (previous[2] * previous[1] + last[2] * last[1]) / (previous[1] + last[1]);
                previous[0] += last[0];
                previous[1] += last[1];
            }
        }
        if (blocks.isEmpty()) {
            return IDENTITY;
        }
        return new IsotonicCalibration(blocks.stream().mapToDouble(b -> b[2]).toArray(),
                blocks.stream().mapToDouble(IsotonicCalibration::mean).toArray());
    }

    /** The calibrated probability of a raw score. */
    public double probability(double raw) {
        int n = scores.length;
        if (raw <= scores[0]) {
            return probabilities[0];
        }
        if (raw >= scores[n - 1]) {
            return probabilities[n - 1];
        }
        int i = Arrays.binarySearch(scores, raw);
        if (i >= 0) {
            return probabilities[i];
        }
        int upper = -i - 1;
        double fraction = (raw - scores[upper - 1]) / (scores[upper] - scores[upper - 1]);
        return probabilities[upper - 1] + fraction * (probabilities[upper] - probabilities[upper - 1]);
    }

    private static double mean(double[] block) {
        return block[0] / block[1];
    }
}
