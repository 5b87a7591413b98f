package io.churnwatch.scoring.service;

import io.churnwatch.scoring.api.ChurnReport;
import io.churnwatch.scoring.api.ChurnReport.RateView;
import io.churnwatch.scoring.model.ChurnMetrics;
import io.churnwatch.scoring.persistence.ChurnRowQuery;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Churn figures of a period with {@link ChurnMetrics}'s named formulas. At start: acquired (signup date,
 * else first seen) before the period and not churned then; acquired: in the period; lost: a churn that started in
 * the period, from an integrator's churned event or an episode resolved as churned, counted once when both report
 * it (the resolution's reason, else the event's properties.reason). MRR is the customers' current MRR.
 */
@ApplicationScoped
public class ChurnMetricsService {

    /** Breakdowns of the report. */
    public enum By { ALL, SEGMENT, REASON, MONTH }

    private final ChurnRowQuery query;

    public ChurnMetricsService(ChurnRowQuery query) {
        this.query = query;
    }

    @WithSession
    public Uni<ChurnReport> report(String tenantId, LocalDate from, LocalDate to, By by) {
        if (by == By.MONTH) {
            Uni<List<ChurnReport.Group>> chain = Uni.createFrom().item(new ArrayList<>());
            for (LocalDate start = from; start.isBefore(to); start = start.withDayOfMonth(1).plusMonths(1)) {
                LocalDate monthFrom = start;
                LocalDate monthTo = min(start.withDayOfMonth(1).plusMonths(1), to);
                chain = chain.chain(groups -> rows(tenantId, monthFrom, monthTo).map(rows -> {
                    groups.add(group(monthFrom.toString().substring(0, 7), rows, rows, monthFrom, monthTo));
                    return groups;
                }));
            }
            return chain.map(groups -> new ChurnReport(from, to, "month", groups));
        }
        return rows(tenantId, from, to).map(rows -> new ChurnReport(from, to, by.name().toLowerCase(), groups(rows, from, to, by)));
    }

    private static List<ChurnReport.Group> groups(List<ChurnRow> rows, LocalDate from, LocalDate to, By by) {
        if (by == By.ALL) {
            return List.of(group("all", rows, rows, from, to));
        }
        Function<ChurnRow, String> key = by == By.SEGMENT ? r -> r.segment() == null ? "(none)" : r.segment()
                : r -> r.reason() == null ? "(unknown)" : r.reason();
        Map<String, List<ChurnRow>> grouped = new TreeMap<>();
        rows.stream().filter(by == By.REASON ? ChurnRow::lost : r -> true)
                .forEach(r -> grouped.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
        List<ChurnReport.Group> groups = new ArrayList<>();
        // By reason, the base (start, acquired) is the whole tenant: each reason's share of the churn.
        grouped.forEach((k, members) -> groups.add(group(k, by == By.REASON ? rows : members, members, from, to)));
        return groups;
    }

    private static ChurnReport.Group group(String key, List<ChurnRow> base, List<ChurnRow> lostFrom, LocalDate from, LocalDate to) {
        long atStart = count(base, r -> r.atStart(from));
        long acquired = count(base, r -> r.acquiredIn(from, to));
        long lost = count(lostFrom, ChurnRow::lost);
        BigDecimal mrrAtStart = sum(base, r -> r.atStart(from));
        BigDecimal mrrLost = sum(lostFrom, ChurnRow::lost);
        return new ChurnReport.Group(key, atStart, acquired, lost, mrrAtStart, mrrLost,
                RateView.of(ChurnMetrics.customerChurnRate(lost, atStart)),
                RateView.of(ChurnMetrics.acquisitionRelativeChurnRate(lost, acquired)),
                RateView.of(ChurnMetrics.revenueChurnRate(mrrLost, mrrAtStart)),
                RateView.of(ChurnMetrics.retentionRate(lost, atStart)));
    }

    private Uni<List<ChurnRow>> rows(String tenantId, LocalDate from, LocalDate to) {
        return query.rows(tenantId, from.atStartOfDay(ZoneOffset.UTC).toInstant(), to.atStartOfDay(ZoneOffset.UTC).toInstant())
                .map(rows -> rows.stream().map(r -> new ChurnRow((String) r[0], (BigDecimal) r[1], toDate(r[2]),
                        (Boolean) r[3], (Boolean) r[4], (String) r[5])).toList());
    }

    private static LocalDate toDate(Object value) {
        return value == null ? null : value instanceof LocalDate date ? date : ((Date) value).toLocalDate();
    }

    private static long count(List<ChurnRow> rows, Predicate<ChurnRow> filter) {
        return rows.stream().filter(filter).count();
    }

    private static BigDecimal sum(List<ChurnRow> rows, Predicate<ChurnRow> filter) {
        return rows.stream().filter(filter).map(ChurnRow::mrrOrZero).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
