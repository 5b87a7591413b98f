package io.churnwatch.scoring.model;

import static io.churnwatch.scoring.model.History.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageGapTest {

    private static final SignalPolicy POLICY = SignalPolicy.defaults();

    @ParameterizedTest(name = "every {0} days, silent {1} days: {2}x, {3} points")
    @CsvSource({
        "1,  1,  1.0, 0",
        "1,  2.1, 2.1, 15",
        "1,  5,  5.0, 40",
        "1,  12, 12.0, 70",
        "7,  5,  0.7, 0",
        "7,  12, 1.7, 6",
        "7,  22, 3.1, 30",
        "30, 5,  0.167, 0",
        "30, 46, 1.5, 6",
    })
    void gapIsJudgedAgainstTheCustomersOwnInterval(int everyDays, double silentDays, double ratio, double points) {
        CustomerState state = new History()
                .every(EventType.USAGE, 0, 50 * everyDays, everyDays)
                .state(POLICY);

        UsageGap gap = UsageGap.at(state, POLICY.usageGap(), day(50 * everyDays + silentDays))
                .orElseThrow();

        assertThat(gap.normalDays()).isCloseTo(everyDays, within(0.01 * everyDays));
        assertThat(gap.ratio()).isCloseTo(ratio, within(0.02 * ratio));
        assertThat(gap.points()).isEqualTo(points);
    }

    @Test
    void newCustomerUsesTheDomainDefaultsCheckInAtDayTenGoneAtDayFifteen() {
        CustomerState state = new History().at(EventType.LOGIN, 0).state(POLICY);

        assertThat(UsageGap.normalDays(state, POLICY.usageGap())).isEqualTo(5.0);
        assertThat(UsageGap.at(state, POLICY.usageGap(), day(10)).orElseThrow().points())
                .isEqualTo(15);
        assertThat(UsageGap.at(state, POLICY.usageGap(), day(15)).orElseThrow().points())
                .isEqualTo(30);
        RiskAssessment dayTen = RiskScorer.score(state, POLICY, day(10), null);
        assertThat(Playbooks.suggest(dayTen, state, Priority.DEFAULT)).contains(Playbooks.DAY10_CHECKIN);
    }

    @Test
    void nextDueAtIsTheNextStepSoAScanCanSkipEveryoneElse() {
        CustomerState state = new History().at(EventType.LOGIN, 0).state(POLICY);

        RiskAssessment first = RiskScorer.score(state, POLICY, day(0), null);
        assertThat(first.nextDueAt()).isEqualTo(day(7.5));
        state.record(first);
        assertThat(state.getNextDueAt()).isEqualTo(day(7.5));
        assertThat(RiskScorer.nextDueAt(state, POLICY)).contains(day(7.5));

        RiskAssessment atDue = RiskScorer.score(state, POLICY, day(7.5), null);
        assertThat(atDue.factor(UsageGap.KEY)).isPresent();
        assertThat(atDue.nextDueAt()).isEqualTo(day(10));
        assertThat(RiskScorer.score(state, POLICY, day(7.4), null).factor(UsageGap.KEY))
                .isEmpty();
        assertThat(RiskScorer.score(state, POLICY, day(60), null).nextDueAt()).isNull();
    }

    @Test
    void aNewActivityMovesTheDueTime() {
        CustomerState state = new History().every(EventType.USAGE, 0, 20, 1).state(POLICY);
        Instant before = UsageGap.nextDueAt(state, POLICY.usageGap(), day(20)).orElseThrow();

        state.apply(ScoringEvent.of(EventType.USAGE, day(21)), POLICY);

        assertThat(UsageGap.nextDueAt(state, POLICY.usageGap(), day(21)).orElseThrow())
                .isAfter(before);
    }

    @Test
    void visitsWithinFourHoursAreOneVisit() {
        List<ScoringEvent> events = new ArrayList<>(new History()
                .every(EventType.USAGE, 0, 50, 1)
                .every(EventType.USAGE, 0.05, 50.05, 1)
                .events());
        events.sort(Comparator.comparing(ScoringEvent::at));
        CustomerState state = History.apply(events, POLICY);

        assertThat(state.getGapCount()).isEqualTo(50);
        assertThat(state.getMeanGapDays()).isCloseTo(0.95, within(0.01));
        assertThat(UsageGap.normalDays(state, POLICY.usageGap())).isCloseTo(1.0, within(0.01));
    }
}
