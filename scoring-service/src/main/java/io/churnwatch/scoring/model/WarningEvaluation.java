package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a replay's alerts against what customers actually did: precision, recall, early recall and
 * lead time.
 *
 * @param window an alert is a true positive if the customer churns within this long after it
 * @param earlyLead how far ahead an alert must come to count for early recall
 */
public record WarningEvaluation(Duration window, Duration earlyLead) {

    /** A 45-day window and 7 days of early lead. */
    public static final WarningEvaluation DEFAULT = new WarningEvaluation(Duration.ofDays(45), Duration.ofDays(7));

    /**
     * What happened to one customer.
     *
     * @param customerId the customer
     * @param churned whether the customer churned
     * @param churnedAt when, required when churned
     * @param observedUntil end of what is known about the customer, or null for "to the end of the replay"
     */
    public record CustomerLabel(String customerId, boolean churned, Instant churnedAt, Instant observedUntil) {
        public CustomerLabel {
            Objects.requireNonNull(customerId, "customerId");
            if (churned && churnedAt == null) {
                throw new IllegalArgumentException("churned customer " + customerId + " needs churnedAt");
            }
        }
    }

    /** A transition of one customer to high or critical at {@code at}. */
    public record Alert(String customerId, Instant at) {}

    /**
     * The outcome of an evaluation.
     *
     * @param customers labelled customers
     * @param churners labelled customers who churned
     * @param alerts alerts that count (not at or after churn, not after observedUntil)
     * @param truePositives counted alerts followed by churn within the window
     * @param falseAlarms every other counted alert
     * @param detectedChurners churners with at least one true-positive alert
     * @param precision truePositives / alerts (NaN without alerts)
     * @param recall detectedChurners / churners (NaN without churners)
     * @param recall7d churners with a true-positive alert at least earlyLead before churn / churners
     * @param medianLeadDays median over detected churners of (churnedAt - first true-positive alert) in days (NaN if none)
     */
    public record Result(
            int customers,
            int churners,
            int alerts,
            int truePositives,
            int falseAlarms,
            int detectedChurners,
            double precision,
            double recall,
            double recall7d,
            double medianLeadDays) {}

    /**
     * Evaluates the alerts. An alert counts unless it comes at or after the customer's churn (a warning
     * at the moment of churn warns of nothing) or after their observedUntil; a counted alert is a true
     * positive when churnedAt - at lies in (0, window], and a
     * false alarm otherwise, so every repeated alert for a customer who stays costs precision. Alerts
     * for customers without a label are treated as alerts on customers who did not churn. Precision
     * = truePositives / alerts; recall = churners with a true positive / churners; recall7d =
     * churners with a true positive at least earlyLead before churnedAt / churners; medianLeadDays =
     * median of churnedAt - first true-positive alert over detected churners.
     */
    public Result evaluate(Collection<CustomerLabel> labels, Collection<Alert> alerts) {
        Map<String, CustomerLabel> byCustomer = new HashMap<>();
        labels.forEach(label -> byCustomer.put(label.customerId(), label));
        Map<String, Instant> firstHit = new HashMap<>();
        Map<String, Boolean> earlyHit = new HashMap<>();
        int counted = 0;
        int truePositives = 0;
        for (Alert alert : alerts) {
            CustomerLabel label = byCustomer.get(alert.customerId());
            if (label != null && !counts(alert, label)) {
                continue;
            }
            counted++;
            if (label != null && label.churned() && !alert.at().plus(window).isBefore(label.churnedAt())) {
                truePositives++;
                firstHit.merge(label.customerId(), alert.at(), (a, b) -> a.isBefore(b) ? a : b);
                if (!alert.at().plus(earlyLead).isAfter(label.churnedAt())) {
                    earlyHit.put(label.customerId(), true);
                }
            }
        }
        int churners = (int) labels.stream().filter(CustomerLabel::churned).count();
        List<Double> leads = firstHit.entrySet().stream()
                .map(e -> Duration.between(
                                        e.getValue(), byCustomer.get(e.getKey()).churnedAt())
                                .toSeconds()
                        / 86_400.0)
                .sorted()
                .toList();
        return new Result(
                labels.size(),
                churners,
                counted,
                truePositives,
                counted - truePositives,
                firstHit.size(),
                ratio(truePositives, counted),
                ratio(firstHit.size(), churners),
                ratio(earlyHit.size(), churners),
                median(leads));
    }

    private static boolean counts(Alert alert, CustomerLabel label) {
        boolean afterChurn = label.churned() && !alert.at().isBefore(label.churnedAt());
        boolean afterObservation = label.observedUntil() != null && alert.at().isAfter(label.observedUntil());
        return !afterChurn && !afterObservation;
    }

    /**
     * A label's time as written in a labels file: ISO-8601 with an offset ({@code 2014-03-02T10:00:00+01:00}),
     * without one (read as UTC), or a date alone ({@code 2014-03-02}, the start of that day in UTC).
     *
     * @throws IllegalArgumentException when the value is none of these
     */
    public static Instant labelTime(String value) {
        String v = value.strip();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (v.endsWith("Z") || v.lastIndexOf('+') > 10 || v.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(v).toInstant();
            }
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 date or date-time: " + value, e);
        }
    }

    private static double ratio(int numerator, int denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** The middle value of a sorted list, or the mean of the two middle values; NaN when empty. */
    private static double median(List<Double> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
