package io.churnwatch.scoring.policy;

import io.churnwatch.scoring.model.EngagementPolicy;
import io.churnwatch.scoring.model.NpsRule;
import io.churnwatch.scoring.model.UsageGapPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Overrides of the usage-gap, engagement and NPS rules as the policy API reads them: every member optional
 * and laid over the inherited rule, durations in days. The rules' own constructors validate the result.
 */
public final class RuleOverrides {

    private RuleOverrides() {
    }

    /** The usage-gap rule's members (see {@link UsageGapPolicy}); {@code steps} replaces the whole ladder. */
    public record UsageGap(Set<String> activityTypes, Double priorMeanGapDays, Double priorSpreadDays, Double smoothing,
            Double spreadMultiplier, Double sessionGapDays, Double minimumNormalDays, List<UsageGapPolicy.GapStep> steps) {

        UsageGapPolicy over(UsageGapPolicy base) {
            if (steps != null && steps.stream().anyMatch(s -> !(s.ratio() > 0))) {
                throw new IllegalArgumentException("usageGap.steps need positive ratios");
            }
            return new UsageGapPolicy(or(activityTypes, base.activityTypes()), or(priorMeanGapDays, base.priorMeanGapDays()),
                    or(priorSpreadDays, base.priorSpreadDays()), or(smoothing, base.smoothing()),
                    or(spreadMultiplier, base.spreadMultiplier()), or(sessionGapDays, base.sessionGapDays()),
                    or(minimumNormalDays, base.minimumNormalDays()), or(steps, base.steps()));
        }
    }

    /** The fading-engagement rule's members (see {@link EngagementPolicy}). */
    public record Engagement(Set<String> types, Double recentHalfLifeDays, Double baselineHalfLifeDays, Double minimumHistoryDays,
            Double minimumWeeklyBaseline, Double ignoredDrop, Double maxPoints) {

        EngagementPolicy over(EngagementPolicy base) {
            return new EngagementPolicy(or(types, base.types()), days(recentHalfLifeDays, base.recentHalfLife()),
                    days(baselineHalfLifeDays, base.baselineHalfLife()), days(minimumHistoryDays, base.minimumHistory()),
                    or(minimumWeeklyBaseline, base.minimumWeeklyBaseline()), or(ignoredDrop, base.ignoredDrop()),
                    or(maxPoints, base.maxPoints()));
        }
    }

    /** The NPS rule's members (see {@link NpsRule}). */
    public record Nps(Double detractorPointsAtZero, Double promoterPointsAtTen, Double halfLifeDays) {

        NpsRule over(NpsRule base) {
            return new NpsRule(or(detractorPointsAtZero, base.detractorPointsAtZero()), or(promoterPointsAtTen, base.promoterPointsAtTen()),
                    days(halfLifeDays, base.halfLife()));
        }
    }

    private static <T> T or(T value, T inherited) {
        return value != null ? value : inherited;
    }

    private static Duration days(Double value, Duration inherited) {
        if (value == null) {
            return inherited;
        }
        if (!(value > 0)) {
            throw new IllegalArgumentException("durations in days must be positive, got " + value);
        }
        return Duration.ofSeconds(Math.round(value * 86_400));
    }
}
