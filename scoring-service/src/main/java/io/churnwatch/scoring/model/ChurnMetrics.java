package io.churnwatch.scoring.model;

import java.math.BigDecimal;
import java.util.Collection;

/** Period churn, retention, revenue churn, lifetime value and NPS as the domain brief defines them. */
public final class ChurnMetrics {

    private ChurnMetrics() {}

    /**
     * Customers lost in a period from head counts: lost = start + acquired - end (DOMAIN.md's
     * example: 400 at start, none acquired, 380 at end: 20 lost).
     */
    public static long customersLost(long customersAtStart, long customersAcquired, long customersAtEnd) {
        requireNonNegative(customersAtStart, customersAcquired, customersAtEnd);
        long lost = customersAtStart + customersAcquired - customersAtEnd;
        if (lost < 0) {
            throw new IllegalArgumentException("more customers at the end than at the start plus acquired");
        }
        return lost;
    }

    /** Customer churn rate = customers lost / customers at the start of the period (seeds 000, 002). */
    public static Rate customerChurnRate(long customersLost, long customersAtStart) {
        requireNonNegative(customersLost, customersAtStart);
        return ratio(RateFormula.CUSTOMER_CHURN, customersLost, customersAtStart);
    }

    /** Acquisition-relative churn = customers lost / customers acquired in the period (seed 003). */
    public static Rate acquisitionRelativeChurnRate(long customersLost, long customersAcquired) {
        requireNonNegative(customersLost, customersAcquired);
        return ratio(RateFormula.ACQUISITION_RELATIVE_CHURN, customersLost, customersAcquired);
    }

    /** Revenue churn rate = MRR of the lost customers / MRR at the start of the period (seed 000). */
    public static Rate revenueChurnRate(BigDecimal mrrLost, BigDecimal mrrAtStart) {
        if (mrrLost.signum() < 0 || mrrAtStart.signum() < 0) {
            throw new IllegalArgumentException("MRR must not be negative");
        }
        return ratio(RateFormula.REVENUE_CHURN, mrrLost.doubleValue(), mrrAtStart.doubleValue());
    }

    /** Retention rate = 1 - customer churn rate (seeds 000, 003). */
    public static Rate retentionRate(long customersLost, long customersAtStart) {
        Rate churn = customerChurnRate(customersLost, customersAtStart);
        return new Rate(RateFormula.RETENTION, 1 - churn.value(), customersAtStart - customersLost, customersAtStart);
    }

    /** Customer lifetime value = average order value x number of purchases (seed 002). */
    public static BigDecimal lifetimeValue(BigDecimal averageOrderValue, long purchases) {
        requireNonNegative(purchases);
        return averageOrderValue.multiply(BigDecimal.valueOf(purchases));
    }

    /**
     * Net promoter score = share of promoters (answers 9-10) - share of detractors (answers 0-6), as a
     * fraction from -1 to 1 ({@link Rate#percent()} gives the usual -100..100); seed 002.
     *
     * @param answers NPS answers, each an integer from 0 to 10
     */
    public static Rate netPromoterScore(Collection<Integer> answers) {
        long promoters = 0;
        long detractors = 0;
        for (int answer : answers) {
            if (answer < 0 || answer > 10) {
                throw new IllegalArgumentException("NPS answers run from 0 to 10, got " + answer);
            }
            if (answer >= 9) {
                promoters++;
            } else if (answer <= 6) {
                detractors++;
            }
        }
        return ratio(RateFormula.NET_PROMOTER_SCORE, promoters - detractors, answers.size());
    }

    private static Rate ratio(RateFormula formula, double numerator, double denominator) {
        double value = denominator > 0 ? numerator / denominator : Double.NaN;
        return new Rate(formula, value, numerator, denominator);
    }

    private static void requireNonNegative(long... counts) {
        for (long count : counts) {
            if (count < 0) {
                throw new IllegalArgumentException("counts must not be negative, got " + count);
            }
        }
    }
}
