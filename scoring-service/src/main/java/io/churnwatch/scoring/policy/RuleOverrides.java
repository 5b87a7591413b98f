package io.churnwatch.scoring.policy;

import io.churnwatch.events.ContractLimits;
import io.churnwatch.scoring.model.EngagementPolicy;
import io.churnwatch.scoring.model.LearningPolicy;
import io.churnwatch.scoring.model.NpsRule;
import io.churnwatch.scoring.model.UsageGapPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Overrides of the usage-gap, engagement, NPS and learning rules as the policy API reads them: every member optional
 * and laid over the inherited rule, durations in days. Bounds are Bean Validation constraints; the rules' own
 * constructors check what depends on the inherited values (steps ascending, recent half-life below the baseline's).
 */
public final class RuleOverrides {

    private static final String DAYS_MAX = "3650";
    private static final String POINTS_MAX = "1000";

    private RuleOverrides() {}

    /** The usage-gap rule's members (see {@link UsageGapPolicy}); {@code steps} replaces the whole ladder. */
    public record UsageGap(
            @Size(max = 100) Set<@NotBlank @Size(max = ContractLimits.MAX_TYPE_LENGTH) String> activityTypes,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(DAYS_MAX)
            Double priorMeanGapDays,

            @DecimalMin("0") @DecimalMax(DAYS_MAX) Double priorSpreadDays,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
            Double smoothing,

            @DecimalMin("0") @DecimalMax("100") Double spreadMultiplier,
            @DecimalMin("0") @DecimalMax("365") Double sessionGapDays,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(DAYS_MAX)
            Double minimumNormalDays,

            @Size(max = 50) List<@NotNull @Valid Step> steps) {

        UsageGapPolicy over(UsageGapPolicy base) {
            return new UsageGapPolicy(
                    or(activityTypes, base.activityTypes()),
                    or(priorMeanGapDays, base.priorMeanGapDays()),
                    or(priorSpreadDays, base.priorSpreadDays()),
                    or(smoothing, base.smoothing()),
                    or(spreadMultiplier, base.spreadMultiplier()),
                    or(sessionGapDays, base.sessionGapDays()),
                    or(minimumNormalDays, base.minimumNormalDays()),
                    steps == null
                            ? base.steps()
                            : steps.stream().map(Step::toGapStep).toList());
        }
    }

    /**
     * One step of the usage-gap ladder: {@code points} once the silence reaches {@code ratio} times the customer's normal gap.
     * Steps ascend by ratio.
     */
    public record Step(
            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax(POINTS_MAX)
            Double ratio,

            @NotNull @DecimalMin("0") @DecimalMax(POINTS_MAX)
            Double points) {

        UsageGapPolicy.GapStep toGapStep() {
            return new UsageGapPolicy.GapStep(ratio, points);
        }
    }

    /** The fading-engagement rule's members (see {@link EngagementPolicy}). */
    public record Engagement(
            @Size(max = 100) Set<@NotBlank @Size(max = ContractLimits.MAX_TYPE_LENGTH) String> types,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(DAYS_MAX)
            Double recentHalfLifeDays,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(DAYS_MAX)
            Double baselineHalfLifeDays,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(DAYS_MAX)
            Double minimumHistoryDays,

            @DecimalMin("0") @DecimalMax("10000") Double minimumWeeklyBaseline,

            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
            Double ignoredDrop,

            @DecimalMin("0") @DecimalMax(POINTS_MAX) Double maxPoints) {

        EngagementPolicy over(EngagementPolicy base) {
            return new EngagementPolicy(
                    or(types, base.types()),
                    days(recentHalfLifeDays, base.recentHalfLife()),
                    days(baselineHalfLifeDays, base.baselineHalfLife()),
                    days(minimumHistoryDays, base.minimumHistory()),
                    or(minimumWeeklyBaseline, base.minimumWeeklyBaseline()),
                    or(ignoredDrop, base.ignoredDrop()),
                    or(maxPoints, base.maxPoints()));
        }
    }

    /** The NPS rule's members (see {@link NpsRule}): a detractor's answer raises risk, a promoter's lowers it. */
    public record Nps(
            @DecimalMin("0") @DecimalMax(POINTS_MAX) Double detractorPointsAtZero,
            @DecimalMin("-" + POINTS_MAX) @DecimalMax("0") Double promoterPointsAtTen,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(DAYS_MAX)
            Double halfLifeDays) {

        NpsRule over(NpsRule base) {
            return new NpsRule(
                    or(detractorPointsAtZero, base.detractorPointsAtZero()),
                    or(promoterPointsAtTen, base.promoterPointsAtTen()),
                    days(halfLifeDays, base.halfLife()));
        }
    }

    /**
     * How a learned model's probability becomes levels (see {@link LearningPolicy}); thresholds in percent of probability.
     *
     * @param thresholds fixed levels on the probability, or null for high from 30 %, left below 20 %
     * @param targetPrecision wanted precision of high, between 0 and 1 exclusive, or null
     * @param setsLevels whether the model sets the levels (true) or stays in shadow (false); null follows the service
     * @param alertBudget most new alerts per owner and week, or null
     */
    public record Learning(
            @Valid PolicyThresholds thresholds,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
            Double targetPrecision,

            Boolean setsLevels,

            @DecimalMin(value = "0", inclusive = false) @DecimalMax("10000")
            Double alertBudget) {

        public LearningPolicy toPolicy() {
            return new LearningPolicy(
                    thresholds == null ? null : thresholds.toLevels(), targetPrecision, setsLevels, alertBudget);
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
