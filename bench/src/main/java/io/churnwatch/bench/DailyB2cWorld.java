package io.churnwatch.bench;

import io.churnwatch.bench.LogGenerator.Label;

/**
 * A daily consumer app. Regulars use it most days (some take a one- to three-week holiday), casual users
 * a few days a month; faders use it less and less over 10-40 days, then stop and are recorded as gone
 * 0-60 days later; cancellers cancel while still active after a few weeks of friction (a failed payment
 * or a downgrade, a complaint, a low NPS answer); trial users who signed up in the log drop out after
 * days; lapsers come back in bursts and some never do.
 */
final class DailyB2cWorld implements World.Model {

    private static final String[] FEATURES = {"feed", "search", "player", "profile", "share"};

    @Override
    public Label simulate(SimCustomer c) {
        int roll = c.random.nextInt(100);
        String segment = roll % 3 == 0 ? "premium" : roll % 3 == 1 ? "free" : "family";
        boolean trial = roll >= 95;
        long start = trial ? c.dayIn(c.logStart, c.logEnd - 45) : c.logStart;
        c.identify(
                start,
                segment,
                segment.equals("free") ? 0 : segment.equals("premium") ? 10 : 18,
                trial ? start : c.signupDay(0.1),
                segment);
        double rate = 0.5 + 0.45 * c.random.nextDouble();
        if (roll < 40) {
            c.profile("regular");
            long holiday = c.chance(0.3) ? c.dayIn(c.logStart, c.logEnd) : -1;
            int holidayDays = 7 + c.random.nextInt(15);
            active(c, start, c.logEnd, d -> holiday >= 0 && d >= holiday && d < holiday + holidayDays ? 0 : rate);
            return c.stayed(null);
        }
        if (roll < 55) {
            c.profile("casual");
            double casual = 0.08 + 0.2 * c.random.nextDouble();
            active(c, start, c.logEnd, d -> casual);
            return c.stayed(null);
        }
        if (roll < 73) {
            c.profile("fader");
            int fade = 10 + c.random.nextInt(31);
            long fadeStart = c.dayIn(c.logStart + 20, c.logEnd - fade - 20);
            active(
                    c,
                    start,
                    fadeStart + fade,
                    d -> d < fadeStart ? rate : rate * Math.pow(1.0 - (double) (d - fadeStart) / fade, 1.5));
            if (c.chance(0.5)) {
                c.emit(c.dayIn(fadeStart, fadeStart + fade), "unsubscribe", "{\"list\":\"newsletter\"}");
            }
            if (c.chance(0.3)) {
                c.nps(c.dayIn(fadeStart, fadeStart + fade), 0, 6);
            }
            return c.quitAfterSilence(60);
        }
        if (roll < 83) {
            c.profile("canceller");
            long cancel = c.dayIn(c.logStart + 40, c.logEnd - 5);
            int friction = 10 + c.random.nextInt(21);
            active(c, start, cancel + 1, d -> d < cancel - friction ? rate : rate * 0.6);
            c.emit(
                    c.dayIn(cancel - friction, cancel - 3),
                    segment.equals("free") ? "dislike" : "payment_failed",
                    segment.equals("free") ? "{\"item\":\"ad\"}" : "{\"reason\":\"card_declined\",\"attempt\":1}");
            if (c.chance(0.6)) {
                c.emit(
                        c.dayIn(cancel - friction, cancel),
                        "complaint",
                        "{\"channel\":\"app\",\"text\":\"Too many ads and bugs\"}");
            }
            if (c.chance(0.4)) {
                c.nps(c.dayIn(cancel - friction, cancel), 0, 5);
            }
            if (!segment.equals("free") && c.chance(0.5)) {
                c.emit(
                        c.dayIn(cancel - friction, cancel),
                        "downgrade",
                        "{\"from\":\"" + segment + "\",\"to\":\"free\"}");
            }
            return c.cancelled(cancel);
        }
        if (trial) {
            c.profile("trial-drop");
            long stop = start + 3 + c.random.nextInt(12);
            active(c, start, stop, d -> 0.8);
            return c.quitAfterSilence(60);
        }
        c.profile("lapser");
        long gone = c.lapses(start, 20 + c.random.nextInt(40), 0.12 + 0.15 * c.random.nextDouble());
        return gone < 0 ? c.stayed(null) : c.quitAfterSilence(60);
    }

    private static void active(SimCustomer c, long from, long to, java.util.function.LongToDoubleFunction rate) {
        for (long d = from; d < to; d++) {
            if (c.chance(rate.applyAsDouble(d))) {
                int n = 1 + c.random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    if (c.chance(0.3)) {
                        c.login(d);
                    } else {
                        c.use(d, FEATURES[c.random.nextInt(FEATURES.length)]);
                    }
                }
                if (c.chance(0.1)) {
                    c.emit(d, "like", "{\"item\":\"post-" + c.random.nextInt(100) + "\"}");
                }
            }
            if (c.chance(0.004)) {
                c.ticket(d, false);
            }
            if (c.chance(0.008)) {
                c.nps(d, 6, 10);
            }
        }
    }
}
