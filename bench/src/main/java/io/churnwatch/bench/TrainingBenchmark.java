package io.churnwatch.bench;

import io.churnwatch.scoring.learning.ModelTraining;
import io.churnwatch.scoring.model.ChurnFeatures;
import io.churnwatch.scoring.model.ChurnSnapshot;
import io.churnwatch.scoring.model.SnapshotLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training time of one tenant's model as scoring-service trains it ({@link ModelTraining#train}): N customers
 * (100,000 by default) over 26 weeks, a snapshot a week each, labelled with the 45-day horizon and right-censoring
 * as {@code LearningJobs} does, non-churners sampled down to the service's 300,000 training rows (weighted back up),
 * 150 rounds. The customers are a latent-hazard world of its own (engagement decays at a random rate, churn hazard
 * rises as it does, with noise in every feature): a timing workload, not a quality one. Goal: under 60 s.
 * Usage: {@code bench/training-bench [--customers N] [--rows N] [--rounds N]}; the last line is one JSON object.
 */
public final class TrainingBenchmark {

    static final Instant START = Instant.parse("2025-01-06T00:00:00Z");
    private static final Duration HORIZON = Duration.ofDays(45);
    static final int WEEKS = 26;

    private TrainingBenchmark() {}

    public static void main(String[] args) {
        int customers = 100_000;
        int maxRows = 300_000;
        int rounds = 150;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--rows" -> maxRows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "usage: bench/training-bench [--customers N] [--rows N] [--rounds N]");
            }
        }
        Instant now = START.plus(Duration.ofDays(7L * WEEKS));
        long snapshots = (long) customers * WEEKS;
        double sampleRate = Math.min(1.0, maxRows / (double) snapshots);
        long t0 = System.nanoTime();
        List<ModelTraining.Example> examples = examples(customers, sampleRate, now);
        double prepared = (System.nanoTime() - t0) / 1e9;
        long positives =
                examples.stream().filter(ModelTraining.Example::churned).count();
        System.out.printf(
                Locale.ROOT,
                "%,d customers, %,d weekly snapshots, sampled to %,d labelled rows (%,d churned within 45 days)"
                        + " in %.1f s%n",
                customers,
                snapshots,
                examples.size(),
                positives,
                prepared);
        long t1 = System.nanoTime();
        ModelTraining.Trained trained = ModelTraining.train(examples, rounds);
        double seconds = (System.nanoTime() - t1) / 1e9;
        double[] best = trained.validationCurve().stream()
                .filter(p -> !Double.isNaN(p[1]))
                .max((a, b) -> Double.compare(a[1], b[1]))
                .orElse(new double[] {0, 0, 0});
        System.out.printf(
                Locale.ROOT,
                "trained %d rounds on %,d rows in %.1f s (goal < 60 s: %s); held-out best precision %.2f%n",
                rounds,
                trained.rows(),
                seconds,
                seconds < 60 ? "met" : "NOT met",
                best[1]);
        System.out.printf(
                Locale.ROOT,
                "{\"customers\":%d,\"rows\":%d,\"positives\":%d,\"rounds\":%d,\"trainingSeconds\":%.2f,"
                        + "\"preparationSeconds\":%.2f,\"goalMet\":%s}%n",
                customers,
                trained.rows(),
                positives,
                rounds,
                seconds,
                prepared,
                seconds < 60);
    }

    static List<ModelTraining.Example> examples(int customers, double sampleRate, Instant now) {
        SplittableRandom random = new SplittableRandom(7);
        List<ModelTraining.Example> out = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            double baseRate = 0.5 + random.nextDouble() * 6;
            double decay = random.nextDouble() < 0.3 ? 0.02 + random.nextDouble() * 0.1 : 0;
            Instant churnedAt = null;
            double engagement = 1;
            for (int day = 0; day < WEEKS * 7 && churnedAt == null; day++) {
                engagement *= 1 - decay;
                if (random.nextDouble() < 0.002 + 0.02 * (1 - engagement)) {
                    churnedAt = START.plus(Duration.ofDays(day));
                }
            }
            List<Instant> churns = churnedAt == null ? List.of() : List.of(churnedAt);
            engagement = 1;
            for (int week = 0; week < WEEKS; week++) {
                Instant at = START.plus(Duration.ofDays(7L * week));
                engagement *= Math.pow(1 - decay, 7);
                if (churnedAt != null && !churnedAt.isAfter(at)) {
                    break;
                }
                boolean keep = churnedAt != null || random.nextDouble() < sampleRate;
                if (!keep) {
                    continue;
                }
                float[] x = new float[ChurnFeatures.BASE.size()];
                for (int f = 0; f < x.length; f++) {
                    x[f] = (float) random.nextGaussian();
                }
                double weekly = Math.max(0, baseRate * 7 * engagement + random.nextGaussian());
                x[0] = (float) Math.max(0, 7 / Math.max(0.1, weekly) + random.nextGaussian());
                x[2] = 7 * week;
                x[3] = (float) weekly;
                x[7] = (float) engagement;
                ChurnSnapshot snapshot = new ChurnSnapshot("c" + c, at, x, Map.of("usage", (float) weekly));
                float weight = churns.isEmpty() ? (float) (1 / sampleRate) : 1f;
                SnapshotLabels.label(at, churns, HORIZON, now)
                        .ifPresent(churned -> out.add(new ModelTraining.Example(snapshot, churned, weight)));
            }
        }
        return out;
    }
}
