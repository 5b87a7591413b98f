package io.churnwatch.scoring.model;

import static io.churnwatch.scoring.model.History.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.churnwatch.events.EventType;
import io.churnwatch.events.RiskLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LevelThresholdsTest {

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource({
        "LOW,      39.9, LOW",
        "LOW,      40,   MEDIUM",
        "LOW,      69.9, MEDIUM",
        "LOW,      70,   HIGH",
        "MEDIUM,   70,   HIGH",
        "HIGH,     65,   HIGH",
        "HIGH,     60,   HIGH",
        "HIGH,     59.9, MEDIUM",
        "HIGH,     29,   LOW",
        "MEDIUM,   30,   MEDIUM",
        "MEDIUM,   29.9, LOW",
        "LOW,      85,   CRITICAL",
        "HIGH,     84.9, HIGH",
        "CRITICAL, 78,   CRITICAL",
        "CRITICAL, 77.9, HIGH",
        "CRITICAL, 50,   MEDIUM",
        "CRITICAL, 10,   LOW",
    })
    void defaultHysteresis(RiskLevel previous, double score, RiskLevel expected) {
        assertThat(LevelThresholds.DEFAULT.next(previous, score)).isEqualTo(expected);
    }

    @Test
    void scoreWobblingAroundSeventyRaisesOneAlert() {
        RiskLevel level = RiskLevel.LOW;
        int alerts = 0;
        for (double score : new double[] {72, 65, 71, 62, 69, 73, 59, 71}) {
            RiskLevel next = LevelThresholds.DEFAULT.next(level, score);
            if (next.isAtLeast(RiskLevel.HIGH) && next.compareTo(level) > 0) {
                alerts++;
            }
            level = next;
        }
        assertThat(alerts)
                .as("once at 72, again only after dropping below 60 (59) and re-entering at 71")
                .isEqualTo(2);
    }

    @Test
    void scorerAppliesHysteresisAgainstTheStoredLevel() {
        SignalPolicy policy = SignalPolicy.defaults();
        CustomerState state = new History()
                .every(EventType.USAGE, 0, 30, 1)
                .at(EventType.COMPLAINT, 27, 28, 29, 30)
                .state(policy);
        RiskAssessment unchanged = RiskScorer.score(state, policy, day(30), null);
        assertThat(unchanged.score()).isBetween(60.0, 70.0);
        assertThat(unchanged.level()).isEqualTo(RiskLevel.MEDIUM);

        state.setLevel(RiskLevel.HIGH);
        RiskAssessment kept = RiskScorer.score(state, policy, day(30), null);
        assertThat(kept.level()).isEqualTo(RiskLevel.HIGH);
        assertThat(kept.raisesAlert()).isFalse();
    }

    @Test
    void thresholdsMustRise() {
        assertThatThrownBy(() -> new LevelThresholds(40, 45, 70, 60, 85, 78))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LevelThresholds(40, 30, 30, 20, 85, 78))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
