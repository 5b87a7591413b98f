package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.common.problem.ViolationPointers;
import io.churnwatch.scoring.model.SignalPolicy;
import io.churnwatch.scoring.policy.PolicyDocument;
import io.churnwatch.scoring.policy.PolicyService;
import io.churnwatch.scoring.policy.TenantPolicies;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The caller's scoring policy: overrides of the documented defaults for the whole tenant
 * ({@code tenantDefault}) and per segment ({@code segments}). PUT replaces them all (write scope).
 */
@Path("/v1/policies")
@Tag(name = "Policies")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PolicyResource {

    static final String EXAMPLE = """
            {"tenantDefault":{"thresholds":{"enterMedium":40,"leaveMedium":30,"enterHigh":70,"leaveHigh":60,"enterCritical":85,"leaveCritical":78},\
            "weights":{"complaint":{"points":15,"halfLifeDays":21,"cap":60}},"scale":50,"pAliveMaxPoints":30,\
            "learning":{"thresholds":{"enterMedium":15,"leaveMedium":10,"enterHigh":30,"leaveHigh":20,"enterCritical":60,"leaveCritical":50},\
            "targetPrecision":0.25,"setsLevels":false,"alertBudget":5},\
            "usageGap":{"activityTypes":["usage","login"],"priorMeanGapDays":4,"priorSpreadDays":1,"smoothing":0.2,"spreadMultiplier":1,\
            "sessionGapDays":0.17,"minimumNormalDays":1,"steps":[{"ratio":2,"points":15},{"ratio":3,"points":30}]},\
            "engagement":{"types":["usage","login"],"recentHalfLifeDays":7,"baselineHalfLifeDays":56,"minimumHistoryDays":14,\
            "minimumWeeklyBaseline":1,"ignoredDrop":0.25,"maxPoints":25},\
            "nps":{"detractorPointsAtZero":21,"promoterPointsAtTen":-12,"halfLifeDays":60}},\
            "segments":{"enterprise":{"usageGap":{"steps":[{"ratio":2,"points":40},{"ratio":3,"points":80}]}}}}""";

    private final PolicyService policies;
    private final CallerTenant caller;

    public PolicyResource(PolicyService policies, CallerTenant caller) {
        this.policies = policies;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The tenant's policy overrides")
    @SecurityRequirement(name = "apiKey", scopes = AuthenticatedTenant.SCOPE_READ)
    public Uni<TenantPolicies> get() {
        return policies.read(caller.require(AuthenticatedTenant.SCOPE_READ).tenantId());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Replace the tenant's policy overrides",
            description = "Every member is optional and laid over what it inherits; bounds are in the schema. "
                    + "A refused document is a 400 whose errors name each member and why; nothing is stored.")
    @SecurityRequirement(name = "apiKey", scopes = AuthenticatedTenant.SCOPE_WRITE)
    public Uni<TenantPolicies> put(
            @RequestBody(
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON,
                                            examples =
                                                    @ExampleObject(name = "thresholds-and-a-segment", value = EXAMPLE)))
                    @Valid
                    @NotNull
                    TenantPolicies body) {
        String tenantId = caller.require(AuthenticatedTenant.SCOPE_WRITE).tenantId();
        SignalPolicy tenantPolicy = laid(body.tenantDefault(), SignalPolicy.defaults(), "/tenantDefault");
        body.segments()
                .forEach((segment, document) ->
                        laid(document, tenantPolicy, "/segments/" + ViolationPointers.escape(segment)));
        return policies.replace(tenantId, body);
    }

    /** {@code document} laid over {@code base}: the rules' own checks of what depends on the inherited values (steps ascending, half-lives in order). */
    private static SignalPolicy laid(PolicyDocument document, SignalPolicy base, String pointer) {
        if (document == null) {
            return base;
        }
        try {
            if (document.learning() != null) {
                document.learning().toPolicy();
            }
            return document.over(base);
        } catch (PolicyDocument.InvalidMember e) {
            throw invalid(pointer + e.member(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw invalid(pointer, e.getMessage());
        }
    }

    private static ProblemException invalid(String pointer, String message) {
        return ProblemException.invalid(
                ProblemType.INVALID_REQUEST,
                "Invalid policy: " + pointer + " " + message,
                List.of(new Problem.FieldError(pointer, message)));
    }
}
