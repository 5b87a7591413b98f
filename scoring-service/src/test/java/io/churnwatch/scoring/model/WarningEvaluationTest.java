package io.churnwatch.scoring.model;

import static io.churnwatch.scoring.model.History.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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

class WarningEvaluationTest {

    private static CustomerLabel churnedOn(String id, double d) {
        return new CustomerLabel(id, true, day(d), null);
    }

    private static CustomerLabel stayed(String id) {
        return new CustomerLabel(id, false, null, null);
    }

    private static Alert alert(String id, double d) {
        return new Alert(id, day(d));
    }

    @Test
    void worksThroughAMixedReplay() {
        List<CustomerLabel> labels = List.of(
                churnedOn("a", 100), // alerted 30 days ahead: early hit
                churnedOn("b", 100), // alerted 3 days ahead: hit, not early
                churnedOn("c", 100), // alerted 60 days ahead only: missed
                churnedOn("d", 100), // never alerted: missed
                stayed("e"), // alerted twice: two false alarms
                new CustomerLabel("f", false, null, day(50)), // alert after observation: ignored
                stayed("g"));
        List<Alert> alerts = List.of(
                alert("a", 70),
                alert("a", 90),
                alert("b", 97),
                alert("c", 40),
                alert("c", 101),
                alert("e", 10),
                alert("e", 80),
                alert("f", 60));

        Result result = WarningEvaluation.DEFAULT.evaluate(labels, alerts);

        assertThat(result.customers()).isEqualTo(7);
        assertThat(result.churners()).isEqualTo(4);
        assertThat(result.alerts())
                .as("c's alert after churn and f's after observation do not count")
                .isEqualTo(6);
        assertThat(result.truePositives()).isEqualTo(3);
        assertThat(result.falseAlarms()).isEqualTo(3);
        assertThat(result.detectedChurners()).isEqualTo(2);
        assertThat(result.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(result.recall()).isCloseTo(0.5, within(1e-12));
        assertThat(result.recall7d()).isCloseTo(0.25, within(1e-12));
        assertThat(result.medianLeadDays()).isCloseTo((30 + 3) / 2.0, within(1e-9));
    }

    @ParameterizedTest(name = "alert {0} days before churn: counted {1}, true positive {2}, early {3}")
    @CsvSource({
        "-1,      false, false, false",
        "0,       false, false, false",
        "0.001,   true,  true,  false",
        "6.9,     true,  true,  false",
        "7,       true,  true,  true",
        "45,      true,  true,  true",
        "45.1,    true,  false, false",
    })
    void windowBoundaries(double daysBefore, boolean counted, boolean truePositive, boolean early) {
        Result result =
                WarningEvaluation.DEFAULT.evaluate(List.of(churnedOn("a", 100)), List.of(alert("a", 100 - daysBefore)));

        assertThat(result.alerts()).as("counted").isEqualTo(counted ? 1 : 0);
        assertThat(result.truePositives()).isEqualTo(truePositive ? 1 : 0);
        assertThat(result.recall()).isEqualTo(truePositive ? 1.0 : 0.0);
        assertThat(result.recall7d()).isEqualTo(early ? 1.0 : 0.0);
    }

    @ParameterizedTest(name = "label time {0} is {1}")
    @CsvSource({
        "2014-03-02,                2014-03-02T00:00:00Z",
        "2014-03-02T10:15:00Z,      2014-03-02T10:15:00Z",
        "2014-03-02T10:15:00+02:00, 2014-03-02T08:15:00Z",
        "2014-03-02T10:15:00-01:30, 2014-03-02T11:45:00Z",
        "2014-03-02T10:15:00,       2014-03-02T10:15:00Z",
        "2014-03-02T10:15:00.5Z,    2014-03-02T10:15:00.500Z",
    })
    void labelTimesAcceptDatesAndDateTimes(String written, String instant) {
        assertThat(WarningEvaluation.labelTime(written)).isEqualTo(Instant.parse(instant));
    }

    @ParameterizedTest(name = "label time {0} is rejected")
    @ValueSource(strings = {"2014-3-2", "yesterday", "2014-03-02 10:15", "1394000000"})
    void labelTimesRejectOtherText(String written) {
        assertThatThrownBy(() -> WarningEvaluation.labelTime(written))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(written);
    }

    @Test
    void windowIsConfigurable() {
        WarningEvaluation ninety = new WarningEvaluation(Duration.ofDays(90), Duration.ofDays(7));

        Result result = ninety.evaluate(List.of(churnedOn("c", 100)), List.of(alert("c", 40)));

        assertThat(result.recall()).isEqualTo(1.0);
        assertThat(result.medianLeadDays()).isCloseTo(60, within(1e-9));
    }

    @Test
    void medianUsesTheFirstTruePositiveAndOddCounts() {
        Result result = WarningEvaluation.DEFAULT.evaluate(
                List.of(churnedOn("a", 100), churnedOn("b", 100), churnedOn("c", 100)),
                List.of(alert("a", 90), alert("a", 80), alert("b", 99), alert("c", 60)));

        assertThat(result.medianLeadDays()).isCloseTo(20, within(1e-9));
    }

    @Test
    void emptyInputsGiveUndefinedRatesNotZero() {
        Result result = WarningEvaluation.DEFAULT.evaluate(List.of(stayed("x")), List.of());

        assertThat(result.precision()).isNaN();
        assertThat(result.recall()).isNaN();
        assertThat(result.medianLeadDays()).isNaN();
        assertThatThrownBy(() -> new CustomerLabel("y", true, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unlabelledCustomersAlertsAreFalseAlarms() {
        Result result = WarningEvaluation.DEFAULT.evaluate(List.of(churnedOn("a", 10)), List.of(alert("zz", 5)));

        assertThat(result.falseAlarms()).isEqualTo(1);
        assertThat(result.precision()).isZero();
    }
}
