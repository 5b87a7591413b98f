package io.churnwatch.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BgNbdModelTest {

    /** The parameters as printed in the paper; the README's conditional table is computed at these. */
    private static final BgNbdModel PUBLISHED = new BgNbdModel(0.243, 4.414, 0.793, 2.426);
    /** The maximum-likelihood parameters to five decimals; the README's E[X(t)] values are at these. */
    private static final BgNbdModel FITTED = new BgNbdModel(0.24259, 4.41353, 0.79289, 2.42575);

    @Test
    void fitOnCdnowReproducesThePublishedParametersAndLikelihood() {
        List<RepeatHistory> customers = List.copyOf(CdnowData.summary().values());
        assertThat(customers).hasSize(2357);

        long started = System.nanoTime();
        BgNbdFit fit = BgNbdFit.fit(customers);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "CDNOW BG/NBD fit: r=%.5f alpha=%.5f a=%.5f b=%.5f LL=%.4f evaluations=%d in %.3f s%n",
                fit.model().r(),
                fit.model().alpha(),
                fit.model().a(),
                fit.model().b(),
                fit.logLikelihood(),
                fit.evaluations(),
                seconds);

        BgNbdModel model = fit.model();
        assertThat(model.r()).isCloseTo(0.243, Percentage.withPercentage(1));
        assertThat(model.alpha()).isCloseTo(4.414, Percentage.withPercentage(1));
        assertThat(model.a()).isCloseTo(0.793, Percentage.withPercentage(1));
        assertThat(model.b()).isCloseTo(2.426, Percentage.withPercentage(1));
        assertThat(model.r()).isCloseTo(0.24259, within(1e-3));
        assertThat(model.alpha()).isCloseTo(4.41353, within(1e-3));
        assertThat(model.a()).isCloseTo(0.79289, within(1e-3));
        assertThat(model.b()).isCloseTo(2.42575, within(1e-3));
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.05));
        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(seconds).isLessThan(5.0);
    }

    @Test
    void publishedParametersGiveThePublishedLikelihood() {
        assertThat(FITTED.logLikelihood(CdnowData.summary().values())).isCloseTo(-9582.4, within(0.05));
        assertThat(PUBLISHED.logLikelihood(CdnowData.summary().values())).isCloseTo(-9582.4, within(0.05));
    }

    @ParameterizedTest(name = "customer {0}: P(alive) {4}, E[Y(39)] {5}")
    @CsvSource({
        "1,   2, 30.43, 38.86, 0.726579, 1.226028",
        "2,   1,  1.71, 38.86, 0.212101, 0.203187",
        "3,   0,  0.00, 38.86, 1.000000, 0.195098",
        "70,  3, 29.29, 38.43, 0.719357, 1.741910",
        "129, 4,  7.57, 38.00, 0.031080, 0.098181",
        "157, 29, 37.71, 38.00, 0.969130, 20.052949",
    })
    void conditionalValuesMatchThePublishedTable(
            int id, int x, double recency, double age, double expectedAlive, double expectedNext39Weeks) {
        RepeatHistory customer = new RepeatHistory(x, recency, age);

        assertThat(PUBLISHED.probabilityAlive(customer)).isCloseTo(expectedAlive, within(1e-5));
        assertThat(PUBLISHED.expectedTransactions(39, customer)).isCloseTo(expectedNext39Weeks, within(1e-5));
    }

    /**
     * Hardie's note gives 1.8576 at t = 78; the fully converged 2F1 series gives 1.85795 (checked
     * against closed forms below), and summing only the first ~150 terms of the series reproduces
     * 1.8576, so the note's last value looks truncated: that row gets a 5e-4 tolerance.
     */
    @ParameterizedTest(name = "E[X({0})] = {1}")
    @CsvSource({"1, 0.0532, 1e-4", "3, 0.1506, 1e-4", "32, 1.0437, 1e-4", "78, 1.8576, 5e-4"})
    void unconditionalExpectationMatchesHardiesNote(double weeks, double expected, double tolerance) {
        assertThat(FITTED.expectedTransactions(weeks)).isCloseTo(expected, within(tolerance));
    }

    @Test
    void unconditionalExpectationAtSeventyEightWeeksIsTheConvergedValue() {
        assertThat(FITTED.expectedTransactions(78)).isCloseTo(1.85795, within(1e-5));
    }

    @Test
    void summaryTableRowsComeFromTheFile() {
        Map<Integer, RepeatHistory> summary = CdnowData.summary();
        assertThat(summary.get(157)).isEqualTo(new RepeatHistory(29, 37.71, 38.0));
        assertThat(summary.values().stream().filter(c -> c.frequency() == 0)).hasSize(1411);
    }

    @Test
    void transactionsSummariseToTheSameFrequencyAsTheFile() {
        DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        Map<Integer, List<Instant>> bySample = new HashMap<>();
        for (String[] row : CdnowData.transactions()) {
            Instant day = LocalDate.parse(row[2], yyyymmdd)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            bySample.computeIfAbsent(Integer.parseInt(row[1]), id -> new ArrayList<>())
                    .add(day);
        }
        Instant endOfCalibration =
                LocalDate.of(1997, 9, 30).atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<Integer, RepeatHistory> summary = CdnowData.summary();

        assertThat(bySample).hasSize(2357);
        bySample.forEach((id, times) -> {
            RepeatHistory derived = RepeatHistory.fromTransactionsInWeeks(times, endOfCalibration);
            RepeatHistory published = summary.get(id);
            assertThat(derived.frequency()).as("frequency of %d", id).isEqualTo(published.frequency());
            assertThat(derived.recency()).as("recency of %d", id).isCloseTo(published.recency(), within(0.006));
            assertThat(derived.age()).as("age of %d", id).isCloseTo(published.age(), within(0.006));
        });
    }

    @Test
    void hypergeometricSeriesMatchesClosedForms() {
        // 2F1(1, 1; 2; z) = -ln(1 - z) / z
        assertThat(Hypergeometric2F1.value(1, 1, 2, 0.5)).isCloseTo(-Math.log(0.5) / 0.5, within(1e-14));
        assertThat(Hypergeometric2F1.value(1, 1, 2, 0.999)).isCloseTo(-Math.log(0.001) / 0.999, within(1e-10));
        // 2F1(a, b; b; z) = (1 - z)^(-a)
        assertThat(Hypergeometric2F1.value(30.2, 3.4, 3.4, 0.47))
                .isCloseTo(Math.pow(0.53, -30.2), Percentage.withPercentage(1e-10));
        assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customersWithoutRepeatPurchasesAreAlive() {
        assertThat(PUBLISHED.probabilityAlive(new RepeatHistory(0, 0, 100))).isEqualTo(1.0);
        assertThatThrownBy(() -> new RepeatHistory(2, 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
