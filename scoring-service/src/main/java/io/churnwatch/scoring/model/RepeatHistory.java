package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.TreeSet;

/**
 * One customer's repeat-transaction summary in the form the BG/NBD model reads: (x, t_x, T).
 *
 * @param frequency x, the number of repeat transactions (transactions after the first)
 * @param recency t_x, time of the last transaction measured from the first one
 * @param age T, time from the first transaction to the end of observation
 */
public record RepeatHistory(int frequency, double recency, double age) {

    private static final double SECONDS_PER_WEEK = Duration.ofDays(7).toSeconds();

    public RepeatHistory {
        if (frequency < 0 || recency < 0 || age < recency) {
            throw new IllegalArgumentException(
                    "need frequency >= 0 and 0 <= recency <= age, got (%d, %s, %s)".formatted(frequency, recency, age));
        }
        if (frequency == 0 && recency != 0) {
            throw new IllegalArgumentException("a customer without repeat transactions has recency 0, got " + recency);
        }
    }

    /**
     * Summarises transaction times the way Fader, Hardie and Lee summarise CDNOW: transactions are
     * counted per UTC calendar day, x is the number of distinct days after the first day, t_x and T
     * are measured from the start of the first day, in weeks.
     *
     * @param transactionTimes the customer's transactions, any order, at least one before {@code observedUntil}
     * @param observedUntil the end of the observation period; later transactions are ignored
     */
    public static RepeatHistory fromTransactionsInWeeks(Collection<Instant> transactionTimes, Instant observedUntil) {
        TreeSet<LocalDate> days = new TreeSet<>();
        for (Instant time : transactionTimes) {
            if (!time.isAfter(observedUntil)) {
                days.add(LocalDate.ofInstant(time, ZoneOffset.UTC));
            }
        }
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no transaction before " + observedUntil);
        }
        Instant first = days.first().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant last = days.last().atStartOfDay(ZoneOffset.UTC).toInstant();
        return new RepeatHistory(days.size() - 1, weeksBetween(first, last), weeksBetween(first, observedUntil));
    }

    private static double weeksBetween(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / SECONDS_PER_WEEK;
    }
}
