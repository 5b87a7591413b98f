package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.metrics.ChurnMetricsService;
import io.churnwatch.scoring.metrics.ChurnMetricsService.By;
import io.churnwatch.scoring.metrics.ChurnReport;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Churn metrics of the caller's tenant over [from, to), every rate naming its formula. */
@Path("/v1/metrics/churn")
@Tag(name = "Metrics")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class MetricsResource {

    private static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

    private final ChurnMetricsService metrics;
    private final CallerTenant caller;
    private final int maxDays;

    public MetricsResource(ChurnMetricsService metrics, CallerTenant caller, ScoringConfig config) {
        this.metrics = metrics;
        this.caller = caller;
        this.maxDays = config.report().maxDays();
    }

    /** {@code from} and {@code to} are days (to exclusive); {@code by} is segment, reason or month (default: one group). */
    @GET
    @Operation(summary = "Churn rates over [from, to), overall or by segment, reason or month")
    @SecurityRequirement(name = "apiKey", scopes = AuthenticatedTenant.SCOPE_READ)
    public Uni<ChurnReport> churn(
            @QueryParam("from")
                    @Parameter(
                            description = "First day",
                            example = "2026-01-01",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @NotNull
                    @Pattern(regexp = DATE)
                    String from,
            @QueryParam("to")
                    @Parameter(
                            description = "Day after the last; at most churnwatch.scoring.report.max-days after from",
                            example = "2026-02-01",
                            schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @NotNull
                    @Pattern(regexp = DATE)
                    String to,
            @QueryParam("by")
                    @Parameter(
                            description = "Default: one group (any case)",
                            schema = @Schema(implementation = By.class))
                    String by) {
        String tenantId = caller.require(AuthenticatedTenant.SCOPE_READ).tenantId();
        LocalDate start = QueryParams.date("from", from);
        LocalDate end = QueryParams.date("to", to);
        if (!start.isBefore(end) || ChronoUnit.DAYS.between(start, end) > maxDays) {
            throw QueryParams.invalid("to", "must be after 'from' and at most " + maxDays + " days later");
        }
        By breakdown = QueryParams.enumValue("by", by, By.class);
        return metrics.report(tenantId, start, end, breakdown == null ? By.ALL : breakdown);
    }
}
