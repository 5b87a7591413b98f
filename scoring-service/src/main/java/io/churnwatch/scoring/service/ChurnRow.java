package io.churnwatch.scoring.service;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One customer as the churn metrics of a period see it.
 *
 * @param segment the customer's segment, or null
 * @param mrr current MRR (no MRR history is kept), or null
 * @param acquired signup date, else the day first seen
 * @param churnedAtStart whether a churn started before the period and was not won back by its start
 * @param lost whether a churn started in the period
 * @param reason the reason of the period's latest churn, or null
 */
record ChurnRow(String segment, BigDecimal mrr, LocalDate acquired, boolean churnedAtStart, boolean lost, String reason) {

    boolean atStart(LocalDate from) {
        return acquired != null && acquired.isBefore(from) && !churnedAtStart;
    }

    boolean acquiredIn(LocalDate from, LocalDate to) {
        return acquired != null && !acquired.isBefore(from) && acquired.isBefore(to);
    }

    BigDecimal mrrOrZero() {
        return mrr == null ? BigDecimal.ZERO : mrr;
    }
}
