package io.churnwatch.bench;

import io.churnwatch.bench.LogGenerator.Label;
import java.util.function.LongToDoubleFunction;

/**
 * Invoicing-style use around monthly billing cycles: most use falls in the days around each customer's
 * billing day, little in between, and a steady customer may skip a whole cycle. Leavers use fewer days
 * in their last one to three cycles and cancel at a cycle's end, however long ago they last used it;
 * failed payments end in churn when dunning ends 7-14 days later; some annual terms end inside the log;
 * lapsers buy in bursts.
 */
final class MonthlyBillingWorld implements World.Model {

    private static final int CYCLE = 30;

    @Override
    public Label simulate(SimCustomer c) {
        int roll = c.random.nextInt(100);
        String segment = roll % 3 == 0 ? "agency" : roll % 3 == 1 ? "growth" : "starter";
        int price = segment.equals("agency") ? 199 : segment.equals("growth") ? 79 : 19;
        c.identify(c.logStart, segment, price, c.signupDay(0.05), segment);
        long anchor = c.logStart + c.random.nextInt(CYCLE);
        double busy = 0.5 + 0.4 * c.random.nextDouble();
        if (roll < 50) {
            c.profile("steady");
            cycles(c, anchor, c.logEnd, price, d -> busy, c.chance(0.3) ? 0.25 : 0.03, -1);
            return c.stayed(null);
        }
        if (roll < 75) {
            c.profile("cycle-leaver");
            long endCycle = cycleEnd(c, anchor, 60);
            long fadeFrom = endCycle - (long) CYCLE * (1 + c.random.nextInt(3));
            long lastUse = endCycle - c.random.nextInt(61);
            cycles(c, anchor, endCycle, price, d -> d < fadeFrom ? busy : busy * 0.35, 0.03, lastUse);
            if (c.chance(0.4)) {
                c.emit(
                        c.dayIn(Math.min(fadeFrom, lastUse), endCycle),
                        "downgrade",
                        "{\"from\":\"" + segment + "\",\"to\":\"starter\"}");
            }
            return c.cancelled(endCycle);
        }
        if (roll < 85) {
            c.profile("payment-failed");
            long failCycle = cycleEnd(c, anchor, 30);
            cycles(c, anchor, failCycle, price, d -> busy, 0.03, -1);
            c.emit(failCycle, "payment_failed", "{\"reason\":\"card_expired\",\"attempt\":1}");
            c.emit(failCycle + 3, "payment_failed", "{\"reason\":\"card_expired\",\"attempt\":2}");
            int dunning = 7 + c.random.nextInt(8);
            for (long d = failCycle; d < failCycle + dunning; d++) {
                if (c.chance(busy * 0.2)) {
                    c.use(d, "invoices");
                }
            }
            return c.cancelled(failCycle + dunning);
        }
        if (roll < 90) {
            c.profile("term-end");
            long end = cycleEnd(c, anchor, 20);
            cycles(c, anchor, end, price, d -> busy, 0.03, -1);
            return c.stayed(end);
        }
        c.profile("lapser");
        long gone = c.lapses(c.logStart, 30 + c.random.nextInt(60), 0.1 + 0.2 * c.random.nextDouble());
        return gone < 0 ? c.stayed(null) : c.quitAfterSilence(60);
    }

    /** A billing day inside the log at least {@code leadDays} after its start. */
    private static long cycleEnd(SimCustomer c, long anchor, int leadDays) {
        long first = anchor + (long) CYCLE * ((leadDays + CYCLE - 1) / CYCLE);
        long cycles = Math.max(1, (c.logEnd - 2 - first) / CYCLE);
        return first + CYCLE * c.random.nextLong(cycles);
    }

    /** Cycles from {@code anchor} until {@code to}: a payment on each billing day, use around it; no use at or after {@code quietFrom}. */
    private static void cycles(
            SimCustomer c,
            long anchor,
            long to,
            int price,
            LongToDoubleFunction busy,
            double skipCycle,
            long quietFrom) {
        for (long bill = anchor; bill < to; bill += CYCLE) {
            c.payment(bill, price);
            boolean skipped = c.chance(skipCycle);
            for (long d = bill - 4; d < bill + 6 && d < to; d++) {
                if (!skipped && (quietFrom < 0 || d < quietFrom) && c.chance(busy.applyAsDouble(d))) {
                    int n = 1 + c.random.nextInt(4);
                    for (int i = 0; i < n; i++) {
                        c.use(d, i == 0 ? "invoices" : "reports");
                    }
                }
            }
            for (long d = bill + 6; d < bill + CYCLE - 4 && d < to; d++) {
                if (!skipped && (quietFrom < 0 || d < quietFrom) && c.chance(0.06)) {
                    c.login(d);
                }
            }
            if (c.chance(0.1)) {
                c.nps(bill + 2, 6, 10);
            }
        }
    }
}
