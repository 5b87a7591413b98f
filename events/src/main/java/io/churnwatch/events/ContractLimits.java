package io.churnwatch.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The ranges every value of the contract must lie in, so that whatever ingest accepts every consumer
 * can store (PostgreSQL {@code numeric(16,4)}, {@code date}, {@code timestamptz}). Ingest rejects
 * values outside them; consumers and generators of test events read them from here.
 */
public final class ContractLimits {

    /** Most digits of a money amount before the decimal point. */
    public static final int MONEY_INTEGER_DIGITS = 12;
    /** Most digits of a money amount after the decimal point. */
    public static final int MONEY_FRACTION_DIGITS = 4;
    /** The largest money amount. */
    public static final BigDecimal MAX_MONEY = new BigDecimal("999999999999.9999");
    /** The earliest date or timestamp (inclusive). */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    /** The latest date or timestamp (exclusive). */
    public static final LocalDate LATEST_DATE = LocalDate.of(2200, 1, 1);

    public static final Instant EARLIEST =
            EARLIEST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
    public static final Instant LATEST =
            LATEST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Most characters of a customer id or message id. */
    public static final int MAX_ID_LENGTH = 256;
    /** Most characters of an event type name. */
    public static final int MAX_TYPE_LENGTH = 100;
    /** Most characters of a text trait (segment, owner, plan). */
    public static final int MAX_TRAIT_LENGTH = 200;
    /** The lowest and highest NPS score. */
    public static final int NPS_MIN = 0;

    public static final int NPS_MAX = 10;

    private ContractLimits() {}

    /** Whether a non-negative amount fits {@value #MONEY_INTEGER_DIGITS} integer and {@value #MONEY_FRACTION_DIGITS} decimal digits. */
    public static boolean isMoney(BigDecimal amount) {
        return amount != null
                && amount.signum() >= 0
                && amount.compareTo(MAX_MONEY) <= 0
                && Math.max(amount.stripTrailingZeros().scale(), 0) <= MONEY_FRACTION_DIGITS;
    }

    public static boolean isDate(LocalDate date) {
        return date != null && !date.isBefore(EARLIEST_DATE) && date.isBefore(LATEST_DATE);
    }

    public static boolean isInstant(Instant instant) {
        return instant != null && !instant.isBefore(EARLIEST) && instant.isBefore(LATEST);
    }

    public static boolean isNpsScore(long score) {
        return score >= NPS_MIN && score <= NPS_MAX;
    }

    /** How a rejected date or timestamp is told it must lie in the range, for error messages. */
    public static String dateRange() {
        return "between " + EARLIEST_DATE + " and " + LATEST_DATE.minusDays(1);
    }
}
