package io.churnwatch.scoring.model;

import static io.churnwatch.scoring.model.History.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.churnwatch.events.EventType;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RiskScorerTest {

    private static final SignalPolicy POLICY = SignalPolicy.defaults();

    private static History dailyUser(double untilDay) {
        return new History().every(EventType.USAGE, 0, untilDay, 1);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // name, history, scored on day, min score, max score, level, top factor (null: none)
                Arguments.of(
                        "daily user silent 5 days",
                        (Supplier<History>) () -> dailyUser(60),
                        65.0,
                        45.0,
                        65.0,
                        RiskLevel.MEDIUM,
                        "usage_gap"),
                Arguments.of(
                        "monthly user silent 5 days",
                        (Supplier<History>) () -> new History().every(EventType.USAGE, 0, 360, 30),
                        365.0,
                        0.0,
                        0.0,
                        RiskLevel.LOW,
                        null),
                Arguments.of(
                        "daily user, 3 complaints this week",
                        (Supplier<History>) () -> dailyUser(60).at(EventType.COMPLAINT, 54, 57, 59),
                        60.0,
                        45.0,
                        55.0,
                        RiskLevel.MEDIUM,
                        "complaint"),
                Arguments.of(
                        "daily user, one complaint 60 days ago",
                        (Supplier<History>) () -> dailyUser(60).at(EventType.COMPLAINT, 0),
                        60.0,
                        0.0,
                        0.0,
                        RiskLevel.LOW,
                        "usage"),
                Arguments.of(
                        "never used, seen 16 days ago",
                        (Supplier<History>) () -> new History().at(EventType.IDENTIFY, 0),
                        16.0,
                        40.0,
                        50.0,
                        RiskLevel.MEDIUM,
                        "usage_gap"),
                Arguments.of(
                        "downgrade, failed payment and owner left",
                        (Supplier<History>) () -> dailyUser(30)
                                .at(EventType.DOWNGRADE, 28)
                                .at(EventType.PAYMENT_FAILED, 29, 30)
                                .at(EventType.OWNER_LEFT, 25),
                        30.0,
                        70.0,
                        80.0,
                        RiskLevel.HIGH,
                        "payment_failed"),
                Arguments.of(
                        "steady daily user",
                        (Supplier<History>) () -> dailyUser(60),
                        60.0,
                        0.0,
                        0.0,
                        RiskLevel.LOW,
                        "usage"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioTable(
            String name,
            Supplier<History> history,
            double scoredOnDay,
            double minScore,
            double maxScore,
            RiskLevel level,
            String topFactor) {
        RiskAssessment assessment = RiskScorer.score(history.get().state(POLICY), POLICY, day(scoredOnDay), null);

        assertThat(assessment.score()).as(name + " " + assessment.factors()).isBetween(minScore, maxScore);
        assertThat(assessment.level()).isEqualTo(level);
        if (topFactor != null) {
            assertThat(assessment.factors().get(0).key())
                    .as(assessment.factors().toString())
                    .isEqualTo(topFactor);
        }
    }

    @Test
    void dailyUserSilentFiveDaysIsAlarmingButMonthlyUserIsNot() {
        CustomerState daily = dailyUser(60).state(POLICY);
        CustomerState monthly = new History().every(EventType.USAGE, 0, 360, 30).state(POLICY);

        RiskAssessment dailyRisk = RiskScorer.score(daily, POLICY, day(65), null);
        RiskAssessment monthlyRisk = RiskScorer.score(monthly, POLICY, day(365), null);

        assertThat(dailyRisk.usageGapRatio()).isCloseTo(5.0, within(0.1));
        assertThat(dailyRisk.factor("usage_gap").orElseThrow().label())
                .startsWith("usage gap 5.0x this customer's normal (5.0 days silent, normal 1.0 days): +");
        assertThat(monthlyRisk.usageGapRatio()).isLessThan(0.2);
        assertThat(monthlyRisk.factor("usage_gap")).isEmpty();
        assertThat(dailyRisk.score()).isGreaterThan(monthlyRisk.score() + 40);
    }

    @Test
    void threeComplaintsThisWeekOutrankOneOldComplaint() {
        RiskAssessment recent = RiskScorer.score(
                dailyUser(60).at(EventType.COMPLAINT, 54, 57, 59).state(POLICY), POLICY, day(60), null);
        RiskAssessment old =
                RiskScorer.score(dailyUser(60).at(EventType.COMPLAINT, 0).state(POLICY), POLICY, day(60), null);

        RiskFactor complaints = recent.factor("complaint").orElseThrow();
        assertThat(complaints.label()).matches("3 complaints, latest 1 day ago: \\+\\d+");
        assertThat(complaints.contribution()).isGreaterThan(40);
        assertThat(old.factor("complaint").orElseThrow().contribution()).isLessThan(5);
        assertThat(recent.score()).isGreaterThan(old.score() + 40);
    }

    @Test
    void ownerLeftIsLabelledAsAnEventNotACount() {
        RiskAssessment assessment =
                RiskScorer.score(dailyUser(30).at(EventType.OWNER_LEFT, 25).state(POLICY), POLICY, day(30), null);

        assertThat(assessment.factor("owner_left").orElseThrow().label())
                .matches("account owner left 5 days ago: \\+\\d+");
    }

    @Test
    void contributionsAddUpToTheScoreAndAreSortedByMagnitude() {
        RiskAssessment assessment = RiskScorer.score(
                dailyUser(30)
                        .at(EventType.COMPLAINT, 29)
                        .at(EventType.SUPPORT_TICKET, 28, 29)
                        .nps(3, 27)
                        .state(POLICY),
                POLICY,
                day(33),
                0.41);

        double sum = assessment.factors().stream()
                .mapToDouble(RiskFactor::contribution)
                .sum();
        assertThat(sum).isCloseTo(assessment.score(), within(1.0));
        assertThat(assessment.factors())
                .isSortedAccordingTo((a, b) -> Double.compare(Math.abs(b.contribution()), Math.abs(a.contribution())));
        assertThat(assessment.factor("p_alive").orElseThrow().label()).matches("P\\(alive\\) 0\\.41: \\+\\d+");
        assertThat(assessment.factor("nps").orElseThrow().label())
                .startsWith("NPS answer 3 (detractor), 6 days ago: +");
    }

    @Test
    void npsTwoRaisesRiskAndNpsTenLowersIt() {
        History base = dailyUser(30).at(EventType.COMPLAINT, 25, 28);
        double without =
                RiskScorer.score(base.state(POLICY), POLICY, day(30), null).score();
        RiskAssessment detractor = RiskScorer.score(
                dailyUser(30).at(EventType.COMPLAINT, 25, 28).nps(2, 29).state(POLICY), POLICY, day(30), null);
        RiskAssessment promoter = RiskScorer.score(
                dailyUser(30).at(EventType.COMPLAINT, 25, 28).nps(10, 29).state(POLICY), POLICY, day(30), null);

        assertThat(detractor.score()).isGreaterThan(without + 5);
        assertThat(promoter.score()).isLessThan(without - 5);
        assertThat(detractor.factor("nps").orElseThrow().contribution()).isPositive();
        assertThat(promoter.factor("nps").orElseThrow().contribution()).isNegative();
    }

    @Test
    void lowPAliveAddsRiskAndHighPAliveAlmostNothing() {
        CustomerState state = dailyUser(30).at(EventType.COMPLAINT, 29).state(POLICY);

        double low = RiskScorer.score(state, POLICY, day(30), 0.05).score();
        double high = RiskScorer.score(state, POLICY, day(30), 0.95).score();
        double none = RiskScorer.score(state, POLICY, day(30), null).score();

        assertThat(low).isGreaterThan(none + 15);
        assertThat(high - none).isBetween(0.0, 0.5);
    }

    @Test
    void fadingEngagementIsMeasuredAgainstTheCustomersOwnBaseline() {
        History history = dailyUser(70).every(EventType.LIKE, 0, 56, 0.5);
        RiskAssessment fading = RiskScorer.score(history.state(POLICY), POLICY, day(70), null);
        EngagementTrend steady = EngagementTrend.at(dailyUser(70).state(POLICY), POLICY.engagement(), day(70))
                .orElseThrow();

        assertThat(steady.recentPerWeek()).isCloseTo(7.0, within(0.7));
        assertThat(steady.baselinePerWeek()).isCloseTo(7.0, within(0.7));
        assertThat(steady.points()).isZero();
        assertThat(fading.factor("engagement").orElseThrow().label()).startsWith("engagement down ");
        EngagementTrend trend = EngagementTrend.at(history.state(POLICY), POLICY.engagement(), day(70))
                .orElseThrow();
        assertThat(trend.drop()).isBetween(0.3, 0.7);
    }

    @Test
    void churnedCustomerIsCriticalUntilWonBack() {
        History history = dailyUser(20).at(EventType.CHURNED, 25);
        CustomerState state = history.state(POLICY);
        RiskAssessment churned = RiskScorer.score(state, POLICY, day(26), null);
        assertThat(churned.churned()).isTrue();
        assertThat(churned.level()).isEqualTo(RiskLevel.CRITICAL);
        assertThat(churned.nextDueAt()).isNull();

        state.apply(ScoringEvent.of(EventType.WON_BACK, day(40)), POLICY);
        state.apply(ScoringEvent.of(EventType.CHURNED, day(10)), POLICY);
        RiskAssessment back = RiskScorer.score(state, POLICY, day(41), null);
        assertThat(state.getStatus()).isEqualTo(CustomerStatus.ACTIVE);
        assertThat(back.churned()).isFalse();
        assertThat(back.usageGapRatio()).as("gap restarts at the win-back").isLessThan(1.5);
    }

    @Test
    void customTypesAreNeutralUnlessTheTenantWeighsThem() {
        History history = dailyUser(30).at(EventType.USAGE, 30);
        CustomerState state = history.state(POLICY);
        state.apply(ScoringEvent.of("refund_requested", day(30)), POLICY);
        assertThat(RiskScorer.score(state, POLICY, day(30), null).factor("refund_requested"))
                .isEmpty();

        SignalPolicy tenant = POLICY.withRule("refund_requested", SignalRule.of(30, 14, 30));
        CustomerState weighed = history.state(tenant);
        weighed.apply(ScoringEvent.of("refund_requested", day(30)), tenant);
        RiskAssessment assessment = RiskScorer.score(weighed, tenant, day(30), null);
        assertThat(assessment.factors().get(0).label()).startsWith("1 refund_requested event, today: +");
    }

    @Test
    void changeIsMeasuredAgainstThePreviousAssessment() {
        CustomerState state = dailyUser(30).at(EventType.COMPLAINT, 30).state(POLICY);
        RiskAssessment first = RiskScorer.score(state, POLICY, day(30), null);
        state.record(first);
        state.apply(ScoringEvent.of(EventType.COMPLAINT, day(30.5)), POLICY);

        RiskAssessment second = RiskScorer.score(state, POLICY, day(30.5), null);

        RiskFactor complaints = second.factor("complaint").orElseThrow();
        assertThat(complaints.change())
                .isCloseTo(
                        complaints.contribution()
                                - first.factor("complaint").orElseThrow().contribution(),
                        within(1e-9));
        assertThat(complaints.change()).isPositive();
        assertThat(second.previousScore()).isEqualTo(first.score());
    }

    @Test
    void aTenantsUsageGapLadderDecidesWhenSilenceReachesHigh() {
        UsageGapPolicy d = UsageGapPolicy.DEFAULT;
        UsageGapPolicy strict = new UsageGapPolicy(
                d.activityTypes(),
                d.priorMeanGapDays(),
                d.priorSpreadDays(),
                d.smoothing(),
                d.spreadMultiplier(),
                d.sessionGapDays(),
                d.minimumNormalDays(),
                java.util.List.of(new UsageGapPolicy.GapStep(2, 40), new UsageGapPolicy.GapStep(3, 150)));
        SignalPolicy tenant = new SignalPolicy(
                POLICY.rules(),
                POLICY.nps(),
                strict,
                POLICY.engagement(),
                POLICY.pAliveMaxPoints(),
                POLICY.scale(),
                POLICY.thresholds());
        CustomerState state = dailyUser(60).state(POLICY);

        assertThat(RiskScorer.score(state, POLICY, day(63.5), null).level()).isIn(RiskLevel.LOW, RiskLevel.MEDIUM);
        assertThat(RiskScorer.score(state, tenant, day(63.5), null).level())
                .as("3.5x the normal gap")
                .isIn(RiskLevel.HIGH, RiskLevel.CRITICAL);
    }
}
