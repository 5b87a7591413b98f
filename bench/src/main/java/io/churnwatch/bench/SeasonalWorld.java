package io.churnwatch.bench;

import io.churnwatch.bench.LogGenerator.Label;
import java.time.LocalDate;
import java.time.MonthDay;

/**
 * Customers with long breaks that are not churn: schools stop over summer and the winter holidays,
 * tourism over its off season, retail after the holidays, and most stayers also take a personal break
 * of three to ten weeks somewhere in the log. Quitters stop at any time (some just before a season's
 * break), after a fade of zero to four weeks, and are recorded as gone 0-60 days later; lapsers buy in
 * bursts.
 */
final class SeasonalWorld implements World.Model {

    private static final String[] SEGMENTS = {"school", "tourism", "retail", "office"};

    @Override
    public Label simulate(SimCustomer c) {
        int roll = c.random.nextInt(100);
        String segment = SEGMENTS[roll % SEGMENTS.length];
        c.identify(c.logStart, segment, 40 + c.random.nextInt(200), c.signupDay(0.05), "standard");
        double rate = 0.4 + 0.5 * c.random.nextDouble();
        if (roll < 55) {
            c.profile("breaks");
            long personal = c.chance(0.8) ? c.dayIn(c.logStart, c.logEnd - 20) : -1;
            int personalDays = 21 + c.random.nextInt(50);
            active(
                    c,
                    c.logStart,
                    c.logEnd,
                    d -> onBreak(segment, d) || personal >= 0 && d >= personal && d < personal + personalDays
                            ? 0.01
                            : rate);
            return c.stayed(null);
        }
        if (roll < 70) {
            c.profile("steady");
            active(c, c.logStart, c.logEnd, d -> rate);
            return c.stayed(null);
        }
        if (roll < 90) {
            c.profile("quitter");
            long stop = c.dayIn(c.logStart + 20, c.logEnd - 10);
            int fade = c.random.nextInt(29);
            active(
                    c,
                    c.logStart,
                    stop,
                    d -> onBreak(segment, d) ? 0.01 : d < stop - fade ? rate : rate * (stop - d) / (fade + 1.0));
            if (c.chance(0.3)) {
                c.emit(c.dayIn(stop - fade - 7, stop), "unsubscribe", "{\"list\":\"season-news\"}");
            }
            return c.quitAfterSilence(60);
        }
        c.profile("lapser");
        long gone = c.lapses(c.logStart, 30 + c.random.nextInt(60), 0.1 + 0.2 * c.random.nextDouble());
        return gone < 0 ? c.stayed(null) : c.quitAfterSilence(60);
    }

    /** Whether the segment's season has a break on this epoch day. */
    static boolean onBreak(String segment, long epochDay) {
        MonthDay day = MonthDay.from(LocalDate.ofEpochDay(epochDay));
        return switch (segment) {
            case "school" -> between(day, 7, 1, 8, 31) || between(day, 12, 20, 12, 31) || between(day, 1, 1, 1, 6);
            case "tourism" -> between(day, 11, 1, 12, 31) || between(day, 1, 1, 2, 28);
            case "retail" -> between(day, 1, 10, 2, 20);
            default -> between(day, 8, 1, 8, 21);
        };
    }

    private static boolean between(MonthDay day, int fromMonth, int fromDay, int toMonth, int toDay) {
        return !day.isBefore(MonthDay.of(fromMonth, fromDay)) && !day.isAfter(MonthDay.of(toMonth, toDay));
    }

    private static void active(SimCustomer c, long from, long to, java.util.function.LongToDoubleFunction rate) {
        for (long d = from; d < to; d++) {
            if (c.chance(rate.applyAsDouble(d))) {
                int n = 1 + c.random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    if (c.chance(0.3)) {
                        c.login(d);
                    } else {
                        c.use(d, "bookings");
                    }
                }
            }
            if (c.chance(0.005)) {
                c.ticket(d, false);
            }
            if (c.chance(0.01)) {
                c.nps(d, 6, 10);
            }
        }
    }
}
