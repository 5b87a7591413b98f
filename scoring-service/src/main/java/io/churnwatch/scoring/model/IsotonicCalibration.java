package io.churnwatch.scoring.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Maps a model's raw score to a calibrated probability with isotonic regression (pool adjacent
 * violators, Zadrozny and Elkan 2002): the non-decreasing step function closest in squared error to the
 * observed outcomes of a validation set; between steps it interpolates linearly. A step holds at least
 * {@link #MIN_ROWS} validation rows (or 1 in 200): a few lucky rows at the top of the scores would
 * otherwise read as a certainty of churn.
 *
 * @param scores the raw scores of the steps, increasing
 * @param probabilities the calibrated probability at each step, non-decreasing
 */
public record IsotonicCalibration(double[] scores, double[] probabilities) {

    /** No calibration: the raw score is the probability. */
    public static final IsotonicCalibration IDENTITY =
            new IsotonicCalibration(new double[] {0, 1}, new double[] {0, 1});
    /** Fewest validation rows one step of the calibration rests on. */
    public static final int MIN_ROWS = 30;

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
        List<double[]> blocks = new ArrayList<>(); // {weighted outcomes, weight, mean score, rows}
        for (int i : order) {
            blocks.add(new double[] {outcome[i] ? weight[i] : 0, weight[i], raw[i], 1});
            while (blocks.size() > 1 && mean(blocks.get(blocks.size() - 2)) >= mean(blocks.get(blocks.size() - 1))) {
                merge(blocks, blocks.size() - 2);
            }
        }
        if (blocks.isEmpty()) {
            return IDENTITY;
        }
        mergeSmall(blocks, Math.max(MIN_ROWS, raw.length / 200));
        return new IsotonicCalibration(
                blocks.stream().mapToDouble(b -> b[2]).toArray(),
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

    /** Merges every step of fewer than {@code minRows} rows into its closer neighbour; merged steps stay ordered. */
    private static void mergeSmall(List<double[]> blocks, int minRows) {
        for (int i = 0; i < blocks.size() && blocks.size() > 1; ) {
            if (blocks.get(i)[3] >= minRows) {
                i++;
            } else if (i == 0) {
                merge(blocks, 0);
            } else if (i == blocks.size() - 1
                    || mean(blocks.get(i)) - mean(blocks.get(i - 1)) <= mean(blocks.get(i + 1)) - mean(blocks.get(i))) {
                merge(blocks, --i);
            } else {
                merge(blocks, i);
            }
        }
    }

    /** Pools step {@code i + 1} into step {@code i}. */
    private static void merge(List<double[]> blocks, int i) {
        double[] next = blocks.remove(i + 1);
        double[] block = blocks.get(i);
        block[2] = (block[2] * block[1] + next[2] * next[1]) / (block[1] + next[1]);
        block[0] += next[0];
        block[1] += next[1];
        block[3] += next[3];
    }

    private static double mean(double[] block) {
        return block[0] / block[1];
    }
}
