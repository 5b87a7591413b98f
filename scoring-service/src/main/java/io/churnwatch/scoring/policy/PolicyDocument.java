package io.churnwatch.scoring.policy;

import io.churnwatch.events.ContractLimits;
import io.churnwatch.scoring.model.SignalPolicy;
import io.churnwatch.scoring.model.SignalRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A policy override as the policy API reads and writes it: every member optional, laid over the
 * documented defaults ({@link SignalPolicy#defaults()}), a segment's override over the tenant's. The bounds
 * (README, "Rule parameters per tenant and segment") are Bean Validation constraints, so the API's document
 * shows exactly what the server checks.
 *
 * @param thresholds level thresholds with hysteresis, or null to inherit
 * @param weights per event type: raw points, half-life in days and cap (custom types included), merged into the inherited ones
 * @param pAliveMaxPoints raw points when P(alive) is 0, or null to inherit
 * @param scale raw points at which the score reaches 63, or null to inherit
 * @param learning how a learned model's probability becomes levels (tenant default only), or null for the default
 * @param usageGap members of the usage-gap rule to change, or null to inherit
 * @param engagement members of the fading-engagement rule to change, or null to inherit
 * @param nps members of the NPS rule to change, or null to inherit
 */
public record PolicyDocument(
        @Valid PolicyThresholds thresholds,

        @Size(max = 200)
        Map<@NotBlank @Size(max = ContractLimits.MAX_TYPE_LENGTH) String, @NotNull @Valid Weight> weights,

        @DecimalMin("0") @DecimalMax("1000") Double pAliveMaxPoints,
        @DecimalMin("1") @DecimalMax("1000") Double scale,
        @Valid RuleOverrides.Learning learning,
        @Valid RuleOverrides.UsageGap usageGap,
        @Valid RuleOverrides.Engagement engagement,
        @Valid RuleOverrides.Nps nps) {

    /**
     * One event type's weight.
     *
     * @param points raw points per fresh event (negative lowers risk)
     * @param halfLifeDays days after which an event counts half
     * @param cap largest total magnitude of this type
     */
    public record Weight(
            @DecimalMin("-1000") @DecimalMax("1000") double points,

            @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("3650")
            Double halfLifeDays,

            @DecimalMin("0") @DecimalMax("1000") double cap) {

        SignalRule toRule() {
            if (halfLifeDays == null || !(halfLifeDays > 0) || !(cap >= 0)) {
                throw new IllegalArgumentException("halfLifeDays must be positive and cap non-negative");
            }
            return new SignalRule(points, Duration.ofSeconds(Math.round(halfLifeDays * 86_400)), cap);
        }
    }

    /** A member of the document the rules refused, with the rule's reason. */
    public static final class InvalidMember extends IllegalArgumentException {

        private final String member;

        InvalidMember(String member, IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
            this.member = member;
        }

        /** The member's JSON pointer within this document, such as {@code /usageGap}. */
        public String member() {
            return member;
        }
    }

    /** This override laid over {@code base}; a member the rules refuse is an {@link InvalidMember}. */
    public SignalPolicy over(SignalPolicy base) {
        SignalPolicy policy = base;
        if (weights != null) {
            for (Map.Entry<String, Weight> weight : weights.entrySet()) {
                policy = policy.withRule(
                        weight.getKey(),
                        member(
                                "/weights/" + weight.getKey(),
                                () -> weight.getValue().toRule()));
            }
        }
        if (thresholds != null) {
            policy = policy.withThresholds(member("/thresholds", thresholds::toLevels));
        }
        if (pAliveMaxPoints != null || scale != null || usageGap != null || engagement != null || nps != null) {
            SignalPolicy inherited = policy;
            policy = member(
                    "",
                    () -> new SignalPolicy(
                            inherited.rules(),
                            nps != null ? member("/nps", () -> nps.over(inherited.nps())) : inherited.nps(),
                            usageGap != null
                                    ? member("/usageGap", () -> usageGap.over(inherited.usageGap()))
                                    : inherited.usageGap(),
                            engagement != null
                                    ? member("/engagement", () -> engagement.over(inherited.engagement()))
                                    : inherited.engagement(),
                            pAliveMaxPoints != null ? pAliveMaxPoints : inherited.pAliveMaxPoints(),
                            scale != null ? scale : inherited.scale(),
                            inherited.thresholds()));
        }
        return policy;
    }

    private static <T> T member(String pointer, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidMember e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidMember(pointer, e);
        }
    }
}
