package io.churnwatch.scoring.model;

import static io.churnwatch.scoring.model.History.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityAndPlaybooksTest {

    private static final SignalPolicy POLICY = SignalPolicy.defaults();
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 5);

    @ParameterizedTest(name = "risk {0}, MRR {1}, tenure {2} days -> {3}")
    @CsvSource({
        "60, 1500, 1095, 58.5",
        "80,   20,    0, 40.9",
        "80,     ,     , 40.0",
        "0,  5000, 3000, 0.0",
        "100, 100000, 100000, 100.0",
    })
    void valuableLongStandingCustomersComeFirst(double risk, BigDecimal mrr, Integer tenureDays, double expected) {
        LocalDate signup = tenureDays == null ? null : TODAY.minusDays(tenureDays);

        assertThat(Priority.DEFAULT.of(risk, mrr, signup, day(0))).isCloseTo(expected, within(0.1));
    }

    @Test
    void tenureIsWholeDaysSinceSignup() {
        assertThat(Priority.tenureDays(TODAY.minusDays(400), day(0))).isEqualTo(400);
        assertThat(Priority.tenureDays(TODAY.plusDays(3), day(0))).isZero();
        assertThat(Priority.tenureDays(null, day(0))).isNull();
    }

    @Test
    void complaintsAskToFixTheFaultAndDowngradesForAnOffer() {
        CustomerState state = new History()
                .every(EventType.USAGE, 0, 90, 1)
                .at(EventType.COMPLAINT, 88, 89)
                .at(EventType.DOWNGRADE, 90)
                .state(POLICY);

        RiskAssessment assessment = RiskScorer.score(state, POLICY, day(90), null);

        assertThat(Playbooks.suggest(assessment, state, Priority.DEFAULT))
                .containsExactly(Playbooks.FIX_FAULT, Playbooks.OFFER);
    }

    @Test
    void highValueCustomerAtHighRiskGetsAPersonalCallFirst() {
        History history = new History()
                .every(EventType.USAGE, 0, 90, 1)
                .at(EventType.COMPLAINT, 86, 88, 89, 90)
                .at(EventType.PAYMENT_FAILED, 90)
                .traits(
                        new CustomerTraits(
                                new BigDecimal("2500"), "USD", "enterprise", "bob", TODAY.minusDays(900), "pro"),
                        1);
        CustomerState state = history.state(POLICY);

        RiskAssessment assessment = RiskScorer.score(state, POLICY, day(90), null);

        assertThat(assessment.level().isAtLeast(io.churnwatch.events.RiskLevel.HIGH))
                .isTrue();
        assertThat(assessment.raisesAlert()).isTrue();
        assertThat(Playbooks.suggest(assessment, state, Priority.DEFAULT))
                .startsWith(Playbooks.PERSONAL_CALL)
                .contains(Playbooks.FIX_FAULT, Playbooks.OFFER);
    }

    @Test
    void silentNewcomerWithShallowUsageGetsCheckInOutreachAndOnboarding() {
        CustomerState state = new History().at(EventType.LOGIN, 0, 1).state(POLICY);

        RiskAssessment assessment = RiskScorer.score(state, POLICY, day(12), null);

        assertThat(Playbooks.suggest(assessment, state, Priority.DEFAULT))
                .containsExactly(Playbooks.DAY10_CHECKIN, Playbooks.OUTREACH, Playbooks.ONBOARDING);
    }

    @Test
    void detractorsAreAskedForFeedbackAndChurnedCustomersWonBack() {
        CustomerState unhappy = new History()
                .every(EventType.USAGE, 0, 30, 1)
                .nps(1, 30)
                .at(EventType.UNSUBSCRIBE, 30)
                .state(POLICY);
        assertThat(Playbooks.suggest(RiskScorer.score(unhappy, POLICY, day(30), null), unhappy, Priority.DEFAULT))
                .containsExactly(Playbooks.FEEDBACK_SURVEY);

        CustomerState gone =
                new History().at(EventType.USAGE, 0).at(EventType.CHURNED, 5).state(POLICY);
        assertThat(Playbooks.suggest(RiskScorer.score(gone, POLICY, day(6), null), gone, Priority.DEFAULT))
                .containsExactly(Playbooks.WIN_BACK, Playbooks.FEEDBACK_SURVEY);
    }

    @Test
    void ownerLeftIsClearedByANewOwner() {
        CustomerState state = new History()
                .traits(new CustomerTraits(null, null, null, "ann", null, null), 0)
                .at(EventType.OWNER_LEFT, 10)
                .state(POLICY);
        assertThat(state.ownerLeft()).isTrue();

        state.apply(ScoringEvent.identify(new CustomerTraits(null, null, null, "carl", null, null), day(12)), POLICY);

        assertThat(state.ownerLeft()).isFalse();
        assertThat(state.getOwner()).isEqualTo("carl");
    }
}
