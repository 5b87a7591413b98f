package io.churnwatch.scoring.policy;

import io.churnwatch.scoring.model.LearningPolicy;
import io.churnwatch.scoring.model.SignalPolicy;
import java.util.Map;

/**
 * One tenant's policy overrides: the tenant default and per segment.
 *
 * @param tenantDefault the tenant's override of the documented defaults, or null
 * @param segments overrides per segment, laid over the tenant's
 */
public record TenantPolicies(PolicyDocument tenantDefault, Map<String, PolicyDocument> segments) {

    public static final TenantPolicies NONE = new TenantPolicies(null, Map.of());

    public TenantPolicies {
        segments = segments == null ? Map.of() : Map.copyOf(segments);
    }

    /** How the tenant's learned probability becomes levels. */
    public LearningPolicy learning() {
        return tenantDefault == null || tenantDefault.learning() == null ? LearningPolicy.DEFAULT : tenantDefault.learning();
    }

    /** The effective policy of a tenant's default (segment null) or of one segment. */
    public SignalPolicy forSegment(String segment) {
        SignalPolicy policy = tenantDefault == null ? SignalPolicy.defaults() : tenantDefault.over(SignalPolicy.defaults());
        PolicyDocument override = segment == null ? null : segments.get(segment);
        return override == null ? policy : override.over(policy);
    }
}
