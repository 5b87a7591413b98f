package io.churnwatch.scoring.model;

import io.churnwatch.events.Playbook;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Suggests what the customer-success team should do about an assessment, as playbook keys. */
public final class Playbooks {

    public static final String OUTREACH = Playbook.OUTREACH.wireName();
    public static final String DAY10_CHECKIN = Playbook.DAY10_CHECKIN.wireName();
    public static final String FIX_FAULT = Playbook.FIX_FAULT.wireName();
    public static final String PERSONAL_CALL = Playbook.PERSONAL_CALL.wireName();
    public static final String OFFER = Playbook.OFFER.wireName();
    public static final String WIN_BACK = Playbook.WIN_BACK.wireName();
    public static final String ONBOARDING = Playbook.ONBOARDING.wireName();
    public static final String FEEDBACK_SURVEY = Playbook.FEEDBACK_SURVEY.wireName();

    private static final Set<String> FAULTS = Set.of("complaint", "support_ticket", "error");
    private static final Set<String> PRICE = Set.of("downgrade", "payment_failed", "renewal_due");
    private static final Set<String> DISCONTENT = Set.of("unsubscribe", "dislike", "unlike", SignalPolicy.NPS_KEY);
    private static final Duration YOUNG = Duration.ofDays(60);
    private static final double CHECKIN_RATIO = 2;
    private static final double SHALLOW_WEEKLY_ENGAGEMENT = 2;
    private static final int FACTORS_CONSIDERED = 3;

    private Playbooks() {}

    /**
     * Playbooks for the top three risk-raising factors and the customer's situation, most urgent
     * first, following DOMAIN.md's playbook list:
     * churned: win_back and feedback_survey (the exit survey);
     * high value (MRR at least the priority's high-value MRR) at high or critical, or owner left: personal_call;
     * complaint, support ticket or error: fix_fault;
     * downgrade, failed payment or renewal due: offer;
     * usage gap at 2x the normal or more (day 10 for a new customer): day10_checkin;
     * usage gap or fading engagement: outreach;
     * unsubscribe, dislike, unlike or low NPS: feedback_survey;
     * a customer first seen within 60 days who engages less than twice a week: onboarding.
     */
    public static List<String> suggest(RiskAssessment assessment, CustomerState state, Priority priority) {
        Set<String> playbooks = new LinkedHashSet<>();
        if (assessment.churned()) {
            return List.of(WIN_BACK, FEEDBACK_SURVEY);
        }
        List<String> keys = assessment.factors().stream()
                .filter(f -> f.contribution() > 0)
                .limit(FACTORS_CONSIDERED)
                .map(RiskFactor::key)
                .toList();
        if ((priority.isHighValue(state.getMrr()) && assessment.level().isAtLeast(RiskLevel.HIGH))
                || keys.contains("owner_left")) {
            playbooks.add(PERSONAL_CALL);
        }
        for (String key : keys) {
            if (FAULTS.contains(key)) {
                playbooks.add(FIX_FAULT);
            } else if (PRICE.contains(key)) {
                playbooks.add(OFFER);
            } else if (UsageGap.KEY.equals(key)) {
                if (assessment.usageGapRatio() >= CHECKIN_RATIO) {
                    playbooks.add(DAY10_CHECKIN);
                }
                playbooks.add(OUTREACH);
            } else if (EngagementTrend.KEY.equals(key)) {
                playbooks.add(OUTREACH);
            } else if (DISCONTENT.contains(key)) {
                playbooks.add(FEEDBACK_SURVEY);
            }
        }
        if (!keys.isEmpty() && isShallowNewcomer(state, assessment.at())) {
            playbooks.add(ONBOARDING);
        }
        return List.copyOf(playbooks);
    }

    private static boolean isShallowNewcomer(CustomerState state, Instant now) {
        Instant first = state.getFirstSeenAt();
        if (first == null || Duration.between(first, now).compareTo(YOUNG) > 0) {
            return false;
        }
        double weeks = Math.max(1, Duration.between(first, now).toDays() / 7.0);
        double engagements = state.getEngagementBaseline() == null
                ? 0
                : state.getEngagementBaseline().count();
        return engagements / weeks < SHALLOW_WEEKLY_ENGAGEMENT;
    }
}
