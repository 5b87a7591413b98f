package io.churnwatch.scoring.model;

import static io.churnwatch.scoring.model.History.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import io.churnwatch.events.RiskFactor;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventOrderTest {

    private static final SignalPolicy POLICY = SignalPolicy.defaults();

    private static List<ScoringEvent> activity() {
        return new History()
                .every(EventType.USAGE, 0, 40, 1)
                .every(EventType.LOGIN, 0.2, 40.2, 2)
                .events();
    }

    private static List<ScoringEvent> otherSignals() {
        return new History()
                .at(EventType.COMPLAINT, 30, 36, 39)
                .at(EventType.LIKE, 3, 5, 8, 13, 21)
                .at(EventType.UNSUBSCRIBE, 33)
                .at(EventType.SUPPORT_TICKET, 35, 38)
                .at(EventType.PAYMENT_SUCCEEDED, 31)
                .nps(8, 10)
                .nps(3, 37)
                .traits(
                        new CustomerTraits(new BigDecimal("900"), "EUR", "smb", "ann", LocalDate.of(2024, 3, 1), "pro"),
                        2)
                .traits(new CustomerTraits(new BigDecimal("1200"), null, null, null, null, "business"), 20)
                .at(EventType.CHURNED, 12)
                .at(EventType.WON_BACK, 14)
                .events();
    }

    /** Every event arrives late and shuffled except activity, whose relative order is kept. */
    @ParameterizedTest(name = "shuffle seed {0}")
    @ValueSource(longs = {1, 7, 42, 2026})
    void lateAndShuffledSignalsGiveTheSameScoreAsInOrder(long seed) {
        List<ScoringEvent> inOrder = new ArrayList<>(activity());
        inOrder.addAll(otherSignals());
        inOrder.sort((a, b) -> a.at().compareTo(b.at()));

        List<ScoringEvent> late = new ArrayList<>(otherSignals());
        Collections.shuffle(late, new Random(seed));
        List<ScoringEvent> shuffled = new ArrayList<>(activity());
        shuffled.addAll(late);

        RiskAssessment expected = RiskScorer.score(History.apply(inOrder, POLICY), POLICY, day(41), 0.6);
        CustomerState lateState = History.apply(shuffled, POLICY);
        RiskAssessment actual = RiskScorer.score(lateState, POLICY, day(41), 0.6);

        assertThat(actual.score()).isCloseTo(expected.score(), within(1e-9));
        assertThat(actual.level()).isEqualTo(expected.level());
        assertThat(actual.factors())
                .extracting(RiskFactor::key)
                .containsExactlyElementsOf(
                        expected.factors().stream().map(RiskFactor::key).toList());
        assertThat(lateState.getMrr()).isEqualByComparingTo("1200");
        assertThat(lateState.getPlan()).isEqualTo("business");
        assertThat(lateState.getSegment()).isEqualTo("smb");
        assertThat(lateState.getLastNps()).isEqualTo(3);
        assertThat(lateState.getStatus()).isEqualTo(CustomerStatus.ACTIVE);
    }

    @Test
    void lateActivityCountsAsEngagementButLeavesTheLearnedIntervalAlone() {
        CustomerState state = History.apply(activity(), POLICY);
        double mean = state.getMeanGapDays();
        int gaps = state.getGapCount();

        state.apply(ScoringEvent.of(EventType.USAGE, day(20.5)), POLICY);

        assertThat(state.getMeanGapDays()).isEqualTo(mean);
        assertThat(state.getGapCount()).isEqualTo(gaps);
        assertThat(state.getLastActivityAt()).isEqualTo(day(40.2));
    }

    @Test
    void decayingSumEqualsTheSumOfIndividuallyDecayedEvents() {
        Duration halfLife = Duration.ofDays(10);
        List<Double> days = new ArrayList<>(List.of(0.0, 3.5, 7.0, 7.25, 12.0, 19.0, 25.0));
        Collections.shuffle(days, new Random(3));
        DecayingSum sum = null;
        double expected = 0;
        for (double d : days) {
            sum = sum == null ? DecayingSum.of(2.0, day(d)) : sum.plus(2.0, day(d), halfLife);
            expected += 2.0 * Math.pow(0.5, (30 - d) / 10);
        }
        assertThat(sum.valueAt(day(30), halfLife)).isCloseTo(expected, within(1e-9));
        assertThat(sum.lastAt()).isEqualTo(day(25));
        assertThat(sum.valueAt(day(35), halfLife)).isCloseTo(expected / Math.sqrt(2), within(1e-9));
    }
}
