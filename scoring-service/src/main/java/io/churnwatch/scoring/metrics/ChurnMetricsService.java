package io.churnwatch.scoring.metrics;

import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.scoring.config.ScoringConfig;
import io.churnwatch.scoring.metrics.ChurnReport.RateView;
import io.churnwatch.scoring.model.ChurnMetrics;
import io.churnwatch.scoring.persistence.ChurnRowQuery;
import io.churnwatch.scoring.persistence.ChurnRowQuery.Grouping;
import io.churnwatch.scoring.persistence.ChurnRowQuery.Totals;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Churn figures of a period with {@link ChurnMetrics}'s named formulas. At start: acquired (signup date,
 * else first seen) before the period and not churned then; acquired: in the period; lost: a churned
 * event in the period (its properties.reason is the reason). MRR is the customers' current MRR. The sums are
 * made in PostgreSQL (one row per group reaches the service), within {@code churnwatch.scoring.report.*}.
 */
@ApplicationScoped
public class ChurnMetricsService {

    /** Breakdowns of the report. */
    public enum By {
        ALL,
        SEGMENT,
        REASON,
        MONTH
    }

    private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private final ChurnRowQuery query;
    private final ScoringConfig.Report config;
    private final DistributionSummary rowsRead;

    public ChurnMetricsService(ChurnRowQuery query, ScoringConfig config, MeterRegistry registry) {
        this.query = query;
        this.config = config.report();
        this.rowsRead = DistributionSummary.builder("churnwatch.scoring.report.rows")
                .description("Rows one churn report read from PostgreSQL (one per group, never one per customer)")
                .register(registry);
    }

    @WithTransaction
    public Uni<ChurnReport> report(String tenantId, LocalDate from, LocalDate to, By by) {
        Uni<List<ChurnReport.Group>> groups = switch (by) {
            case ALL ->
                totals(tenantId, from, to, Grouping.ALL)
                        .map(rows ->
                                rows.stream().map(t -> group(t.key(), t, t)).toList());
            case SEGMENT ->
                totals(tenantId, from, to, Grouping.SEGMENT)
                        .map(rows ->
                                rows.stream().map(t -> group(t.key(), t, t)).toList());
            // By reason, the base (start, acquired) is the whole tenant: each reason's share of the churn.
            case REASON ->
                totals(tenantId, from, to, Grouping.ALL)
                        .chain(all -> totals(tenantId, from, to, Grouping.REASON)
                                .map(reasons -> reasons.stream()
                                        .map(t -> group(t.key(), all.isEmpty() ? t : all.get(0), t))
                                        .toList()));
            case MONTH -> months(tenantId, from, to);
        };
        return groups.map(list -> new ChurnReport(from, to, by.name().toLowerCase(), list))
                .onFailure(ChurnMetricsService::cancelled)
                .transform(e -> new ProblemException(
                        Problem.of(
                                ProblemType.UNAVAILABLE,
                                "The churn report took longer than "
                                        + config.statementTimeout().toSeconds() + " s; ask for a shorter period"),
                        RETRY_AFTER));
    }

    private Uni<List<ChurnReport.Group>> months(String tenantId, LocalDate from, LocalDate to) {
        Uni<List<ChurnReport.Group>> chain = Uni.createFrom().item(new ArrayList<>());
        for (LocalDate start = from;
                start.isBefore(to);
                start = start.withDayOfMonth(1).plusMonths(1)) {
            LocalDate monthFrom = start;
            LocalDate monthTo = min(start.withDayOfMonth(1).plusMonths(1), to);
            chain = chain.chain(groups -> totals(tenantId, monthFrom, monthTo, Grouping.ALL)
                    .map(rows -> {
                        Totals month = rows.isEmpty()
                                ? new Totals("all", 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO)
                                : rows.get(0);
                        groups.add(group(monthFrom.toString().substring(0, 7), month, month));
                        return groups;
                    }));
        }
        return chain;
    }

    private Uni<List<Totals>> totals(String tenantId, LocalDate from, LocalDate to, Grouping grouping) {
        return query.totals(tenantId, from, to, grouping, config.maxGroups(), config.statementTimeout())
                .invoke(rows -> rowsRead.record(rows.size()));
    }

    private static ChurnReport.Group group(String key, Totals base, Totals lostFrom) {
        return new ChurnReport.Group(
                key,
                base.atStart(),
                base.acquired(),
                lostFrom.lost(),
                base.mrrAtStart(),
                lostFrom.mrrLost(),
                RateView.of(ChurnMetrics.customerChurnRate(lostFrom.lost(), base.atStart())),
                RateView.of(ChurnMetrics.acquisitionRelativeChurnRate(lostFrom.lost(), base.acquired())),
                RateView.of(ChurnMetrics.revenueChurnRate(lostFrom.mrrLost(), base.mrrAtStart())),
                RateView.of(ChurnMetrics.retentionRate(lostFrom.lost(), base.atStart())));
    }

    /** PostgreSQL's "canceling statement due to statement timeout" (SQLSTATE 57014), however wrapped. */
    private static boolean cancelled(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("57014") || message.contains("statement timeout")) {
                return true;
            }
        }
        return false;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
