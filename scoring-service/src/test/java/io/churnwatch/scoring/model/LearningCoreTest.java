package io.churnwatch.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure parts of the learned model: labels with censoring, peers, calibration, features, levels. */
class LearningCoreTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Duration H = Duration.ofDays(45);

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    @ParameterizedTest(name = "snapshot day 0, churns {0}, known until day {1} -> {2}")
    @CsvSource({
        "'',     30, unknown", // horizon not over and no churn yet: censored, not a negative
        "'',     45, false", // the whole horizon observed without a churn
        "'',     90, false",
        "20,     30, unknown", // churned, but its peers' horizons are not over: a positive alone would bias
        "20,     45, true", // churned within the horizon, the horizon observed
        "20,     10, unknown", // the churn is not known yet at day 10
        "45,     60, true", // churn exactly at the horizon's end counts
        "46,     60, false", // a day later does not
        "0,      60, false", // a churn at the snapshot itself is not ahead of it
        "'50;20', 60, true"
    })
    void labelsAreCensoredUntilTheHorizonIsObserved(String churns, int knownUntil, String expected) {
        List<Instant> times = churns.isEmpty()
                ? List.of()
                : java.util.Arrays.stream(churns.split(";"))
                        .map(d -> day(Integer.parseInt(d)))
                        .toList();
        Optional<Boolean> label = SnapshotLabels.label(day(0), times, H, day(knownUntil));
        assertThat(label.map(String::valueOf).orElse("unknown")).isEqualTo(expected);
    }

    @Test
    void silencePercentileInterpolatesBetweenQuantiles() {
        double[] q = new double[PeerStats.QUANTILES];
        for (int i = 0; i < q.length; i++) {
            q[i] = i * 2; // 0, 2, ..., 40 days
        }
        PeerStats peers = new PeerStats(100, 0.5, 0.6, 0.7, q, 30, 8, 0.01);
        assertThat(peers.silencePercentile(-1)).isZero();
        assertThat(peers.silencePercentile(20)).isCloseTo(0.5, within(1e-9));
        assertThat(peers.silencePercentile(21)).isCloseTo(0.525, within(1e-9));
        assertThat(peers.silencePercentile(99)).isEqualTo(1);
        assertThat(peers.medianSilenceDays()).isEqualTo(20);
    }

    @Test
    void isotonicCalibrationIsMonotoneAndMatchesObservedRates() {
        // Three score groups of 100 validation rows each, with 10, 40 and 80 churns; one inversion (the 0.55s) pools.
        double[] raw = new double[330];
        boolean[] churned = new boolean[raw.length];
        for (int i = 0; i < 300; i++) {
            raw[i] = i < 100 ? 0.1 : i < 200 ? 0.5 : 0.9;
            churned[i] = i % 100 < (i < 100 ? 10 : i < 200 ? 40 : 80);
        }
        for (int i = 300; i < 330; i++) {
            raw[i] = 0.55; // 30 rows, none churned: pooled with the 0.5 group
        }
        IsotonicCalibration calibration = IsotonicCalibration.fit(raw, churned);
        double last = -1;
        for (double r = 0; r <= 1; r += 0.05) {
            double p = calibration.probability(r);
            assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(last);
            last = p;
        }
        assertThat(calibration.probability(0.1)).isCloseTo(0.1, within(1e-9));
        assertThat(calibration.probability(0.5)).isCloseTo(40.0 / 130, within(0.01));
        assertThat(calibration.probability(0.9)).isCloseTo(0.8, within(1e-9));
    }

    @Test
    void aFewLuckyRowsAtTheTopOfTheScoresDoNotReadAsCertainChurn() {
        java.util.Random random = new java.util.Random(3);
        double[] raw = new double[1000];
        boolean[] churned = new boolean[raw.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = i / 1000.0;
            churned[i] = i >= 997 || random.nextDouble() < 0.1; // the top three churned by chance
        }
        IsotonicCalibration calibration = IsotonicCalibration.fit(raw, churned);
        assertThat(calibration.probability(0.999)).isLessThan(0.4);
    }

    @Test
    void weightedCalibrationCountsSampledNonChurnersAsMany() {
        IsotonicCalibration calibration =
                IsotonicCalibration.fit(new double[] {0.5, 0.5}, new boolean[] {true, false}, new double[] {1, 9});
        assertThat(calibration.probability(0.5)).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void featuresCompareTheCustomerWithPeersAndCountEveryEventType() {
        CustomerState state = new CustomerState();
        SignalPolicy policy = SignalPolicy.defaults();
        for (int d = 0; d < 20; d += 2) {
            state.apply(event(EventType.USAGE.wireName(), day(d)), policy);
        }
        state.apply(event("exam_missed", day(20)), policy);
        double[] q = new double[PeerStats.QUANTILES];
        for (int i = 0; i < q.length; i++) {
            q[i] = i; // peers silent 0..20 days
        }
        PeerStats peers = new PeerStats(50, 0.8, 0.9, 0.95, q, 40, 5, 0.02);
        ChurnSnapshot snapshot = ChurnFeatures.snapshot("c1", state, peers, 0.7, 55.0, day(33));
        Map<String, Float> f = named(snapshot);
        assertThat(f.get("days_silent")).isEqualTo(15f);
        assertThat(f.get("silence_vs_own_gap")).isCloseTo(7.5f, within(0.5f));
        assertThat(f.get("activity_total")).isEqualTo(10f);
        assertThat(f.get("silence_percentile")).isCloseTo(0.75f, within(1e-6f));
        assertThat(f.get("silence_minus_peers")).isEqualTo(5f);
        assertThat(f.get("activity_vs_peers")).isEqualTo(2f);
        assertThat(f.get("peer_active_week")).isCloseTo(0.8f, within(1e-6f));
        assertThat(f.get("p_alive")).isCloseTo(0.7f, within(1e-6f));
        assertThat(f.get("last_nps")).isNaN();
        assertThat(f.get("rules_score"))
                .as("the explained rules' score, a feature like any other")
                .isEqualTo(55f);
        assertThat(snapshot.types()).containsKeys("usage", "exam_missed");

        FeatureSchema schema = new FeatureSchema(List.of("days_silent", "type:exam_missed", "type:complaint"));
        // a schema beyond the base features is laid out base first; unknown types count 0
        FeatureSchema full = FeatureSchema.of(List.of(snapshot), 5, 0.0);
        assertThat(full.names())
                .startsWith(ChurnFeatures.BASE.toArray(String[]::new))
                .contains("type:usage", "type:exam_missed");
        assertThat(schema.names()).hasSize(3);
        assertThat(full.vector(snapshot)[full.names().indexOf("type:exam_missed")])
                .isGreaterThan(0f);

        ChurnSnapshot older =
                new ChurnSnapshot("c0", day(10), java.util.Arrays.copyOf(snapshot.base(), 21), snapshot.types());
        assertThat(full.vector(older)[full.names().indexOf("rules_score")])
                .as("a snapshot kept before the rules' score was a feature: missing, not zero")
                .isNaN();
        assertThat(full.vector(older)[0]).isEqualTo(15f);
    }

    @Test
    void withoutPeersThePeerFeaturesAreUnknownNotZero() {
        CustomerState state = new CustomerState();
        state.apply(event(EventType.USAGE.wireName(), day(0)), SignalPolicy.defaults());
        Map<String, Float> f = named(ChurnFeatures.snapshot("c1", state, null, null, null, day(3)));
        assertThat(f.get("silence_percentile")).isNaN();
        assertThat(f.get("peer_active_week")).isNaN();
        assertThat(f.get("p_alive")).isNaN();
        assertThat(f.get("days_silent")).isEqualTo(3f);
    }

    @Test
    void targetPrecisionReadsTheHighThresholdOffTheValidationCurve() {
        List<double[]> curve = List.of(
                new double[] {0.05, 0.08, 0.9},
                new double[] {0.10, 0.15, 0.7},
                new double[] {0.20, 0.31, 0.4},
                new double[] {0.40, 0.5, 0.1});
        LevelThresholds levels = new LearningPolicy(null, 0.3, null, null).levels(curve, 40);
        assertThat(levels.enterHigh()).isCloseTo(20, within(1e-9));
        assertThat(levels.leaveHigh()).isLessThan(levels.enterHigh());
        assertThat(levels.enterMedium()).isLessThan(levels.leaveHigh());
        assertThat(LearningPolicy.DEFAULT.levels(curve, 40)).isEqualTo(LearningPolicy.DEFAULT.thresholds());
        assertThat(new LearningPolicy(null, 0.9, null, null).levels(curve, 40))
                .isEqualTo(LearningPolicy.DEFAULT.thresholds());
        assertThat(new LearningPolicy(null, null, null, null).setsLevels(true))
                .as("no choice: the service's default")
                .isTrue();
        assertThat(new LearningPolicy(null, null, false, null).setsLevels(true))
                .as("a tenant keeps its model in shadow")
                .isFalse();
        assertThat(new LearningPolicy(null, null, true, null).setsLevels(false))
                .as("a tenant lets its model set levels")
                .isTrue();
    }

    @Test
    void anAlertBudgetRaisesHighUntilEachOwnerGetsAtMostThatManyNewAlertsAWeek() {
        // threshold, precision, recall, new alerts per customer-week
        List<double[]> curve = List.of(
                new double[] {0.05, 0.08, 0.9, 0.05},
                new double[] {0.10, 0.15, 0.7, 0.02},
                new double[] {0.20, 0.31, 0.4, 0.01},
                new double[] {0.40, 0.5, 0.1, 0.002});
        LearningPolicy twoAWeek = new LearningPolicy(null, null, null, 2.0);
        assertThat(twoAWeek.levels(curve, 40).enterHigh())
                .as("40 customers: 0.05 x 40 = 2")
                .isCloseTo(5, within(1e-9));
        assertThat(twoAWeek.levels(curve, 150).enterHigh())
                .as("150 customers: 0.01 x 150 = 1.5")
                .isCloseTo(20, within(1e-9));
        assertThat(twoAWeek.levels(curve, 5000).enterHigh())
                .as("out of reach: the highest threshold")
                .isCloseTo(40, within(1e-9));
        assertThat(twoAWeek.levels(curve, Double.NaN))
                .as("owners unknown")
                .isEqualTo(LearningPolicy.DEFAULT.thresholds());
        assertThat(new LearningPolicy(null, 0.3, null, 2.0).levels(curve, 40).enterHigh())
                .as("the stricter of both")
                .isCloseTo(20, within(1e-9));
        List<double[]> older = List.of(new double[] {0.05, 0.08, 0.9}, new double[] {0.40, 0.5, 0.1});
        assertThat(twoAWeek.levels(older, 40))
                .as("a curve without alert rates")
                .isEqualTo(LearningPolicy.DEFAULT.thresholds());
        assertThatThrownBy(() -> new LearningPolicy(null, null, null, 0.0)).hasMessageContaining("alertBudget");
    }

    @Test
    void learnedAssessmentExplainsWithContributionsAndKeepsHysteresis() {
        CustomerState state = new CustomerState();
        state.apply(event(EventType.USAGE.wireName(), day(0)), SignalPolicy.defaults());
        ChurnSnapshot snapshot = ChurnFeatures.snapshot("c1", state, null, null, null, day(20));
        LevelThresholds levels = LearningPolicy.DEFAULT.thresholds();
        RiskAssessment high = LearnedScorer.assess(
                state,
                0.4,
                Map.of("days_silent", 1.2, "activity_total", 0.4, "tenure_days", -0.3),
                true,
                snapshot,
                null,
                levels,
                day(20),
                day(23),
                null);
        assertThat(high.score()).isCloseTo(40, within(1e-9));
        assertThat(high.level()).isEqualTo(io.churnwatch.events.RiskLevel.HIGH);
        assertThat(high.factors().get(0).key()).isEqualTo("days_silent");
        assertThat(high.factors().get(0).label()).startsWith("silent 20 days");
        assertThat(high.factors().get(0).contribution()).isCloseTo(30, within(1e-9));
        state.record(high);
        RiskAssessment wobble = LearnedScorer.assess(
                state, 0.25, Map.of("days_silent", 1.0), true, snapshot, null, levels, day(21), day(24), null);
        assertThat(wobble.level()).isEqualTo(io.churnwatch.events.RiskLevel.HIGH);
        state.record(wobble);
        assertThat(LearnedScorer.assess(state, 0.15, Map.of(), true, snapshot, null, levels, day(22), day(25), null)
                        .level())
                .isEqualTo(io.churnwatch.events.RiskLevel.MEDIUM);
    }

    @Test
    void anAssessmentKeepsItsEightLargestFactorsEitherWay() {
        CustomerState state = new CustomerState();
        state.apply(event(EventType.USAGE.wireName(), day(0)), SignalPolicy.defaults());
        ChurnSnapshot snapshot = ChurnFeatures.snapshot("c1", state, null, null, null, day(20));
        Map<String, Double> contributions = new java.util.HashMap<>();
        for (int i = 0; i < 12; i++) {
            contributions.put(ChurnFeatures.BASE.get(i), 0.1 * (i + 1));
        }
        contributions.put("tenure_minus_cohort", -2.0);
        RiskAssessment assessed = LearnedScorer.assess(
                state,
                0.5,
                contributions,
                true,
                snapshot,
                null,
                LearningPolicy.DEFAULT.thresholds(),
                day(20),
                day(23),
                null);
        assertThat(assessed.factors()).hasSize(8);
        assertThat(assessed.factor("tenure_minus_cohort"))
                .as("the largest lowering one is kept")
                .isPresent();
        assertThat(assessed.factor(ChurnFeatures.BASE.get(11)))
                .as("the largest raising one")
                .isPresent();
        assertThat(assessed.factor(ChurnFeatures.BASE.get(0)))
                .as("the smallest is dropped")
                .isEmpty();
    }

    @Test
    void anAssessmentNotWorthANewExplanationKeepsTheLastOneRescaledToItsScore() {
        CustomerState state = new CustomerState();
        state.apply(event(EventType.USAGE.wireName(), day(0)), SignalPolicy.defaults());
        ChurnSnapshot snapshot = ChurnFeatures.snapshot("c1", state, null, null, null, day(20));
        LevelThresholds levels = LearningPolicy.DEFAULT.thresholds();
        state.record(LearnedScorer.assess(
                state,
                0.4,
                Map.of("days_silent", 1.2, "activity_total", 0.4, "tenure_days", -0.3),
                true,
                snapshot,
                null,
                levels,
                day(20),
                day(23),
                null));

        RiskAssessment kept =
                LearnedScorer.assess(state, 0.42, null, false, snapshot, null, levels, day(21), day(24), null);
        assertThat(kept.score()).isCloseTo(42, within(1e-9));
        assertThat(kept.factor("days_silent").orElseThrow().contribution())
                .as("30 of 40 points, now of 42")
                .isCloseTo(31.5, within(1e-9));
        assertThat(kept.factor("activity_total").orElseThrow().contribution()).isCloseTo(10.5, within(1e-9));
        assertThat(kept.factor("tenure_days").orElseThrow().contribution())
                .as("lowering: kept")
                .isCloseTo(-15, within(1e-9));
        assertThat(kept.factor("days_silent").orElseThrow().label())
                .as("neither announced nor recorded: not worded")
                .isEqualTo("days_silent");
    }

    private static Map<String, Float> named(ChurnSnapshot snapshot) {
        Map<String, Float> byName = new java.util.HashMap<>();
        for (int i = 0; i < ChurnFeatures.BASE.size(); i++) {
            byName.put(ChurnFeatures.BASE.get(i), snapshot.base()[i]);
        }
        return byName;
    }

    private static ScoringEvent event(String type, Instant at) {
        return ScoringEvent.of(type, at);
    }
}
