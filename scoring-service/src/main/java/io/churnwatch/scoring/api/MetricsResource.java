package io.churnwatch.scoring.api;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.CallerTenant;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.metrics.ChurnMetricsService;
import io.churnwatch.scoring.metrics.ChurnMetricsService.By;
import io.churnwatch.scoring.metrics.ChurnReport;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** Churn metrics of the caller's tenant over [from, to), every rate naming its formula. */
@Path("/v1/metrics/churn")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

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
    public Uni<ChurnReport> churn(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by) {
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
