package io.churnwatch.scoring.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.scoring.model.ChurnFeatures;
import io.churnwatch.scoring.model.ChurnSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Training as a tenant meets it: a real signal is learned and calibrated, noise is not dressed up as one. */
class ModelTrainingTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final int SILENT = ChurnFeatures.BASE.indexOf("days_silent");

    @Test
    void churnersSilentLongerThanOthersGetAHighCalibratedProbabilityAndOthersALowOne() {
        Random random = new Random(7);
        List<ModelTraining.Example> examples = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean churned = random.nextDouble() < 0.2;
            double silent = churned ? 20 + 4 * random.nextGaussian() : 5 + 4 * random.nextGaussian();
            examples.add(example(i, churned, silent, random));
        }
        ChurnModel model = load(ModelTraining.train(examples, 150));

        assertThat(model.probability(snapshot(1, 26, 0))).as("silent 26 days").isGreaterThan(0.8);
        assertThat(model.probability(snapshot(2, 3, 0))).as("silent 3 days").isLessThan(0.05);
        assertThat(model.contributions(snapshot(1, 26, 0))).containsKey("days_silent");
    }

    @Test
    void labelsUnrelatedToTheFeaturesStopBoostingEarlyAndPredictAboutTheBaseRate() {
        Random random = new Random(11);
        List<ModelTraining.Example> examples = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            examples.add(example(i, random.nextDouble() < 0.1, 30 * random.nextDouble(), random));
        }
        ModelTraining.Trained trained = ModelTraining.train(examples, 150);
        ChurnModel model = load(trained);

        assertThat(trained.rounds()).as("rounds kept by early stopping").isLessThan(60);
        for (int silent = 0; silent <= 30; silent += 5) {
            assertThat(model.probability(snapshot(silent, silent, random.nextGaussian())))
                    .as("silent %d days", silent)
                    .isBetween(0.0, 0.25);
        }
    }

    @Test
    void theTreesWalkedInJavaGiveTheLibrarysPredictionForEveryRowIncludingMissingValues() {
        Random random = new Random(3);
        List<ModelTraining.Example> examples = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            boolean churned = random.nextDouble() < 0.2;
            examples.add(new ModelTraining.Example(dense(i, churned, random), churned, 1f));
        }
        ChurnModel model = load(ModelTraining.train(examples, 150));
        assertThat(model.trees())
                .as("a binary:logistic model with numeric splits is walked in Java")
                .isNotNull();
        for (int i = 0; i < 2000; i++) {
            ChurnSnapshot row = dense(10_000 + i, random.nextBoolean(), random);
            float[] x = model.schema().vector(row);
            assertThat(model.trees().probability(x))
                    .as("row %d", i)
                    .isCloseTo(model.nativeProbability(x), within(1e-5));
        }
    }

    /** Every base feature drawn, a tenth of them missing; churners a little more silent and less active. */
    private static ChurnSnapshot dense(int i, boolean churned, Random random) {
        float[] base = new float[ChurnFeatures.BASE.size()];
        for (int f = 0; f < base.length; f++) {
            base[f] = random.nextDouble() < 0.1
                    ? Float.NaN
                    : (float) (random.nextGaussian() * (1 + f) + (churned ? f % 3 : 0));
        }
        return new ChurnSnapshot("c" + i, T0.plus(Duration.ofHours(i)), base, Map.of());
    }

    private static ModelTraining.Example example(int i, boolean churned, double silent, Random random) {
        return new ModelTraining.Example(snapshot(i, silent, random.nextGaussian()), churned, 1f);
    }

    private static ChurnSnapshot snapshot(int i, double silent, double noise) {
        float[] base = new float[ChurnFeatures.BASE.size()];
        Arrays.fill(base, Float.NaN);
        base[SILENT] = (float) silent;
        base[ChurnFeatures.BASE.indexOf("activity_week")] = (float) noise;
        return new ChurnSnapshot("c" + i, T0.plus(Duration.ofHours(i)), base, Map.of());
    }

    private static ChurnModel load(ModelTraining.Trained trained) {
        return ChurnModel.load("t", "", 1, T0, trained.schema(), trained.booster(), trained.calibration());
    }
}
