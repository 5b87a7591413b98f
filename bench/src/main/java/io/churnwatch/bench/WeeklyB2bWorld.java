package io.churnwatch.bench;

import io.churnwatch.bench.LogGenerator.Label;
import java.util.function.LongToDoubleFunction;

/**
 * Accounts used on workdays by a handful of seats, week by week. Healthy accounts are active most weeks
 * (a tenth are pilots whose term ends inside the log); struggling accounts go through weeks of urgent
 * tickets and low NPS, then recover; declining accounts lose seats and weeks over 6-16 weeks and are
 * recorded as gone 0-60 days after their last use; when the champion leaves, use stops within two weeks;
 * some cancel at their renewal while still active; a few lapse.
 */
final class WeeklyB2bWorld implements World.Model {

    private static final String[] FEATURES = {"reports", "dashboard", "exports", "integrations", "billing"};

    @Override
    public Label simulate(SimCustomer c) {
        int roll = c.random.nextInt(100);
        String segment = roll % 5 == 0 ? "enterprise" : roll % 5 < 3 ? "mid-market" : "smb";
        int seats = segment.equals("enterprise")
                ? 8 + c.random.nextInt(20)
                : segment.equals("mid-market") ? 3 + c.random.nextInt(8) : 1 + c.random.nextInt(3);
        c.identify(
                c.logStart,
                segment,
                seats * (segment.equals("smb") ? 30 : 90),
                c.signupDay(0.05),
                segment.equals("smb") ? "team" : "business");
        double weekly = 0.8 + 0.18 * c.random.nextDouble();
        long quarterOffset = c.random.nextInt(91);
        if (roll < 45) {
            c.profile("healthy");
            boolean pilot = c.chance(0.1);
            long end = pilot ? c.dayIn(c.logStart + 40, c.logEnd - 10) : c.logEnd;
            weeks(c, c.logStart, end, seats, d -> weekly, quarterOffset, 7);
            return c.stayed(pilot ? end : null);
        }
        if (roll < 57) {
            c.profile("struggling");
            long trouble = c.dayIn(c.logStart + 14, c.logEnd - 50);
            int length = 21 + c.random.nextInt(22);
            weeks(
                    c,
                    c.logStart,
                    c.logEnd,
                    seats,
                    d -> d >= trouble && d < trouble + length ? weekly * 0.5 : weekly,
                    quarterOffset,
                    7);
            troubles(c, trouble, trouble + length);
            return c.stayed(null);
        }
        if (roll < 77) {
            c.profile("declining");
            int decline = 42 + c.random.nextInt(71);
            long from = c.dayIn(c.logStart + 14, c.logEnd - decline - 10);
            weeks(
                    c,
                    c.logStart,
                    from + decline,
                    seats,
                    d -> d < from ? weekly : weekly * (1.0 - (double) (d - from) / decline),
                    quarterOffset,
                    d -> d < from ? 7 : 2);
            troubles(c, from, from + decline);
            return c.chance(0.3) ? c.cancelled(from + decline + c.random.nextInt(30)) : c.quitAfterSilence(60);
        }
        if (roll < 87) {
            c.profile("champion-left");
            long left = c.dayIn(c.logStart + 30, c.logEnd - 20);
            weeks(c, c.logStart, left + c.random.nextInt(15), seats, d -> weekly, quarterOffset, 7);
            c.emit(left, "owner_left", "{\"role\":\"champion\"}");
            return c.quitAfterSilence(60);
        }
        if (roll < 95) {
            c.profile("renewal-cancel");
            long renewal = c.dayIn(c.logStart + 60, c.logEnd - 3);
            weeks(
                    c,
                    c.logStart,
                    renewal,
                    seats,
                    d -> d < renewal - 30 ? weekly : weekly * 0.75,
                    quarterOffset,
                    d -> d < renewal - 30 ? 7 : 3);
            c.emit(renewal - 30, "renewal_due", "{\"plan\":\"annual\"}");
            if (c.chance(0.6)) {
                c.emit(c.dayIn(renewal - 30, renewal - 5), "downgrade", "{\"from\":\"business\",\"to\":\"team\"}");
            }
            c.nps(c.dayIn(renewal - 45, renewal - 10), 2, 7);
            return c.cancelled(renewal);
        }
        c.profile("lapser");
        long gone = c.lapses(c.logStart, 25 + c.random.nextInt(50), 0.1 + 0.2 * c.random.nextDouble());
        return gone < 0 ? c.stayed(null) : c.quitAfterSilence(60);
    }

    private static void troubles(SimCustomer c, long from, long to) {
        for (long d = from; d < to; d++) {
            if (c.chance(0.08)) {
                c.ticket(d, c.chance(0.5));
            }
            if (c.chance(0.02)) {
                c.nps(d, 0, 6);
            }
            if (c.chance(0.02)) {
                c.emit(d, "error", "{\"code\":\"E502\",\"feature\":\"exports\"}");
            }
        }
    }

    private static void weeks(
            SimCustomer c,
            long from,
            long to,
            int seats,
            LongToDoubleFunction weekActive,
            long quarterOffset,
            int seatsUsed) {
        weeks(c, from, to, seats, weekActive, quarterOffset, d -> seatsUsed);
    }

    /** Week by week: an active week has workday use by some seats; a happy quarterly NPS answer and rare tickets throughout. */
    private static void weeks(
            SimCustomer c,
            long from,
            long to,
            int seats,
            LongToDoubleFunction weekActive,
            long quarterOffset,
            java.util.function.LongToIntFunction maxSeats) {
        for (long week = from - Math.floorMod(from + 3, 7); week < to; week += 7) {
            boolean active = c.chance(weekActive.applyAsDouble(week));
            for (long d = Math.max(week, from); d < Math.min(week + 5, to); d++) {
                int using = active ? c.random.nextInt(1 + Math.min(seats, maxSeats.applyAsInt(d))) : 0;
                for (int s = 0; s < using; s++) {
                    if (c.chance(0.4)) {
                        c.login(d);
                    } else {
                        c.use(d, FEATURES[c.random.nextInt(FEATURES.length)]);
                    }
                }
                if (c.chance(0.01)) {
                    c.ticket(d, false);
                }
                if ((d + quarterOffset) % 91 == 0) {
                    c.nps(d, 6, 10);
                }
            }
        }
    }
}
