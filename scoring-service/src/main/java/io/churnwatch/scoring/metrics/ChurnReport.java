package io.churnwatch.scoring.metrics;

import io.churnwatch.scoring.model.Rate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * GET /v1/metrics/churn: one group per segment, reason or month (or one "all" group).
 *
 * @param from first day of the period
 * @param to day after the period
 * @param by the breakdown
 * @param groups the figures per group
 */
public record ChurnReport(LocalDate from, LocalDate to, String by, List<Group> groups) {

    /** A rate with the formula that produced it; {@code value} is null when the denominator is 0. */
    public record RateView(
            String formula, String definition, Double value, Double percent, double numerator, double denominator) {

        public static RateView of(Rate rate) {
            return new RateView(
                    rate.formula().name().toLowerCase(),
                    rate.formula().definition(),
                    rate.defined() ? rate.value() : null,
                    rate.defined() ? rate.percent() : null,
                    rate.numerator(),
                    rate.denominator());
        }
    }

    /** The figures of one group. */
    public record Group(
            String key,
            long customersAtStart,
            long acquired,
            long lost,
            BigDecimal mrrAtStart,
            BigDecimal mrrLost,
            RateView customerChurnRate,
            RateView acquisitionRelativeChurnRate,
            RateView revenueChurnRate,
            RateView retentionRate) {}
}
