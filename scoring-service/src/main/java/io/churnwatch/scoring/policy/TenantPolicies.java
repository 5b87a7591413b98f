package io.churnwatch.scoring.policy;

import io.churnwatch.events.ContractLimits;
import io.churnwatch.scoring.model.LearningPolicy;
import io.churnwatch.scoring.model.SignalPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * One tenant's policy overrides: the tenant default and per segment.
 *
 * @param tenantDefault the tenant's override of the documented defaults, or null
 * @param segments overrides per segment, laid over the tenant's
 */
public record TenantPolicies(
        @Valid PolicyDocument tenantDefault,

        @Size(max = 1000)
        Map<@NotBlank @Size(max = ContractLimits.MAX_TRAIT_LENGTH) String, @NotNull @Valid PolicyDocument> segments) {

    public static final TenantPolicies NONE = new TenantPolicies(null, Map.of());

    public TenantPolicies {
        // A copy that keeps null values, so that validation can name them instead of the copy failing.
        segments = segments == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(segments));
    }

    /** How the tenant's learned probability becomes levels. */
    public LearningPolicy learning() {
        return tenantDefault == null || tenantDefault.learning() == null
                ? LearningPolicy.DEFAULT
                : tenantDefault.learning().toPolicy();
    }

    /** The effective policy of a tenant's default (segment null) or of one segment. */
    public SignalPolicy forSegment(String segment) {
        SignalPolicy policy =
                tenantDefault == null ? SignalPolicy.defaults() : tenantDefault.over(SignalPolicy.defaults());
        PolicyDocument override = segment == null ? null : segments.get(segment);
        return override == null ? policy : override.over(policy);
    }
}
