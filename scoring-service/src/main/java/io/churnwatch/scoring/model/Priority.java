package io.churnwatch.scoring.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Ranks at-risk customers by risk, value and tenure, so valuable long-standing customers come first.
 *
 * @param mrrScale MRR at which the value weight reaches 63% of its maximum (in the tenant's currency)
 * @param tenureScaleDays tenure at which the tenure weight reaches 63% of its maximum
 * @param riskShare share of the priority that risk alone earns
 * @param valueShare share added by customer value
 * @param tenureShare share added by tenure
 * @param highValueMrr MRR from which a customer counts as high value (personal call playbook)
 */
public record Priority(
        BigDecimal mrrScale,
        double tenureScaleDays,
        double riskShare,
        double valueShare,
        double tenureShare,
        BigDecimal highValueMrr) {

    /** MRR scale 500, tenure scale 365 days, shares 0.5 / 0.3 / 0.2, high value from MRR 1000. */
    public static final Priority DEFAULT =
            new Priority(new BigDecimal("500"), 365, 0.5, 0.3, 0.2, new BigDecimal("1000"));

    public Priority {
        if (Math.abs(riskShare + valueShare + tenureShare - 1) > 1e-9
                || riskShare < 0
                || valueShare < 0
                || tenureShare < 0
                || mrrScale.signum() <= 0
                || tenureScaleDays <= 0) {
            throw new IllegalArgumentException("shares must be non-negative and add up to 1, scales positive");
        }
    }

    /**
     * priority = risk * (riskShare + valueShare * v + tenureShare * u), with
     * v = 1 - exp(-mrr / mrrScale) and u = 1 - exp(-tenureDays / tenureScaleDays), both in [0, 1)
     * and 0 when unknown. Risk scales everything (no risk, no priority); with the defaults a customer
     * of no known value or tenure keeps half their risk, while one at MRR 1500 and three years keeps
     * about 97%. So a risk-60 loyal key account (58) outranks a risk-80 brand-new small one (41).
     *
     * @param risk score 0 to 100
     * @param mrr monthly recurring value, or null
     * @param signupDate when the customer signed up, or null
     * @return priority 0 to 100
     */
    public double of(double risk, BigDecimal mrr, LocalDate signupDate, Instant now) {
        double value = mrr == null || mrr.signum() <= 0 ? 0 : 1 - Math.exp(-mrr.doubleValue() / mrrScale.doubleValue());
        Integer tenure = tenureDays(signupDate, now);
        double loyalty = tenure == null ? 0 : 1 - Math.exp(-tenure / tenureScaleDays);
        double priority = risk * (riskShare + valueShare * value + tenureShare * loyalty);
        return Math.max(0, Math.min(100, priority));
    }

    /** {@link #of(double, BigDecimal, LocalDate, Instant)} with the state's traits. */
    public double of(double risk, CustomerState state, Instant now) {
        return of(risk, state.getMrr(), state.getSignupDate(), now);
    }

    /** Whole days from the signup date to {@code now} (UTC), never negative; null when unknown. */
    public static Integer tenureDays(LocalDate signupDate, Instant now) {
        if (signupDate == null) {
            return null;
        }
        long days = ChronoUnit.DAYS.between(signupDate, LocalDate.ofInstant(now, ZoneOffset.UTC));
        return (int) Math.max(0, days);
    }

    public boolean isHighValue(BigDecimal mrr) {
        return mrr != null && mrr.compareTo(highValueMrr) >= 0;
    }
}
