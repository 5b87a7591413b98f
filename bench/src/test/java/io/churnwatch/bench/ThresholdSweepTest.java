package io.churnwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.bench.ThresholdSweep.Point;
import io.churnwatch.bench.ThresholdSweep.Scored;
import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.model.WarningEvaluation;
import io.churnwatch.scoring.model.WarningEvaluation.Alert;
import io.churnwatch.scoring.model.WarningEvaluation.CustomerLabel;
import io.churnwatch.scoring.model.WarningEvaluation.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdSweepTest {

    private static final Instant DAY_ZERO = Instant.parse("2024-01-01T00:00:00Z");

    /** A hand-made score history: a and b churn on day 100, d on day 50; c stays. */
    private static final List<Scored> HISTORY = List.of(
            row("a", 60, 20),
            row("a", 70, 45),
            row("a", 75, 38),
            row("a", 80, 55),
            row("a", 95, 80),
            row("b", 10, 30),
            row("b", 97, 65),
            row("c", 10, 50),
            row("c", 20, 35),
            row("c", 30, 52),
            row("c", 40, 70),
            row("d", 50, 90),
            row("d", 55, 95));

    private static final List<CustomerLabel> LABELS =
            List.of(churned("a", 100), churned("b", 100), churned("d", 50), new CustomerLabel("c", false, null, null));

    private static Instant day(double d) {
        return DAY_ZERO.plus(Duration.ofMinutes(Math.round(d * 1440)));
    }

    private static Scored row(String customer, double d, double score) {
        return new Scored(customer, day(d), score);
    }

    private static CustomerLabel churned(String customer, double d) {
        return new CustomerLabel(customer, true, day(d), null);
    }

    @ParameterizedTest(name = "HIGH at {0}: {1} alerts, precision {2}, recall {3}, recall7d {4}, median lead {5}")
    @CsvSource({
        // a alerted on day 70 (kept through 38 >= 32), b on 97, c on 10; d's alert at churn does not count
        "40, 3, 0.6667, 0.6667, 0.3333, 16.5",
        // c falls below 40 on day 20 and crosses again on day 30: two false alarms; a waits for 55 on day 80
        "50, 4, 0.5,    0.6667, 0.3333, 11.5",
        "60, 3, 0.6667, 0.6667, 0,      4",
        "96, 0, NaN,    0,      0,      NaN",
    })
    void frontierFromAHandMadeHistory(
            double threshold, int alerts, double precision, double recall, double recall7d, double lead) {
        Point point = new ThresholdSweep(List.of(threshold), 0.8)
                .frontier(HISTORY, LABELS, WarningEvaluation.DEFAULT)
                .get(0);
        Result r = point.result();

        assertThat(point.threshold()).isEqualTo(threshold);
        assertThat(r.alerts()).isEqualTo(alerts);
        assertClose(r.precision(), precision);
        assertClose(r.recall(), recall);
        assertClose(r.recall7d(), recall7d);
        assertClose(r.medianLeadDays(), lead);
    }

    @Test
    void sinceAModelScoredOnlyItsAlertsAndTheChurnsItCouldWarnOfCount() {
        // from day 60: c's alerts (days 10-40) and d's churn (day 50) are before it; a and b remain
        List<Scored> later = ThresholdSweep.since(HISTORY, day(60));
        List<CustomerLabel> labels = ThresholdSweep.since(LABELS, day(60), Duration.ofDays(7));
        Result r = new ThresholdSweep(List.of(40.0), 0.8)
                .frontier(later, labels, WarningEvaluation.DEFAULT)
                .get(0)
                .result();

        assertThat(labels).extracting(CustomerLabel::customerId).containsExactly("a", "b", "c");
        assertThat(r.alerts()).as("a on day 70, b on day 97").isEqualTo(2);
        assertClose(r.precision(), 1.0);
        assertClose(r.recall(), 1.0);
        assertClose(r.recall7d(), 0.5);
    }

    @Test
    void hysteresisKeepsAWobblingScoreToOneAlert() {
        assertThat(new ThresholdSweep(List.of(40.0), 0.8)
                        .alerts(HISTORY, 40).stream().filter(a -> a.customerId().equals("a")))
                .containsExactly(new Alert("a", day(70)));
        assertThat(new ThresholdSweep(List.of(40.0), 1.0)
                        .alerts(HISTORY, 40).stream().filter(a -> a.customerId().equals("a")))
                .as("without hysteresis the dip to 38 ends the alert and 55 raises another")
                .containsExactly(new Alert("a", day(70)), new Alert("a", day(80)));
    }

    @Test
    void eachCustomerStartsBelowTheThreshold() {
        List<Scored> history = List.of(row("x", 1, 90), row("y", 2, 90));
        assertThat(new ThresholdSweep(List.of(50.0), 0.8).alerts(history, 50))
                .containsExactly(new Alert("x", day(1)), new Alert("y", day(2)));
    }

    @Test
    void tableAndJsonCarryEveryThreshold() throws Exception {
        List<Point> frontier = new ThresholdSweep(ThresholdSweep.thresholds("40,96"), 0.8)
                .frontier(HISTORY, LABELS, WarningEvaluation.DEFAULT);

        JsonNode json = ContractJson.mapper().readTree(ThresholdSweep.json(frontier));
        assertThat(json).hasSize(2);
        assertThat(json.get(0).get("threshold").asDouble()).isEqualTo(40);
        assertThat(json.get(0).get("alerts").asInt()).isEqualTo(3);
        assertThat(json.get(0).get("recall7d").asDouble()).isCloseTo(1 / 3.0, within(1e-4));
        assertThat(json.get(0).get("medianLeadDays").asDouble()).isEqualTo(16.5);
        assertThat(json.get(1).get("precision").isNull())
                .as("no alerts: precision undefined")
                .isTrue();
        assertThat(ThresholdSweep.table(frontier))
                .hasSize(3)
                .element(1)
                .asString()
                .contains("40", "0.667", "16.5 d");
    }

    @Test
    void thresholdsAreARangeOrAList() {
        List<Double> range = ThresholdSweep.thresholds("5:95:5");
        assertThat(range).hasSize(19).startsWith(5.0, 10.0).endsWith(95.0);
        assertThat(ThresholdSweep.thresholds("0.5:1.5:0.5")).containsExactly(0.5, 1.0, 1.5);
        assertThat(ThresholdSweep.thresholds("2, 7.5,40")).containsExactly(2.0, 7.5, 40.0);
    }

    @ParameterizedTest(name = "thresholds {0} are refused")
    @ValueSource(strings = {"0:10:5", "10:5:1", "5:95:0", "5:95", "50,101", "-3"})
    void badThresholdsAreRefused(String spec) {
        assertThatThrownBy(() -> ThresholdSweep.thresholds(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertClose(double actual, double expected) {
        if (Double.isNaN(expected)) {
            assertThat(actual).isNaN();
        } else {
            assertThat(actual).isCloseTo(expected, within(1e-4));
        }
    }
}
