package io.churnwatch.bench;

import io.churnwatch.bench.LogGenerator.Label;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One synthetic customer of a {@link World}: its own random stream, its days inside the log, and the
 * events it emits (v1 contract JSON with unique messageIds). Days are epoch days (UTC); events fall
 * between 07:00 and 21:00 of their day.
 */
final class SimCustomer {

    static final long DAY = 86_400L;

    final String id;
    final SplittableRandom random;
    /** The first day of the log and the day after its last. */
    final long logStart;

    final long logEnd;
    private final long seed;
    private final List<LogGenerator.Timed> out;
    private int sequence;
    private long lastActivity = -1;
    private String profile = "";

    SimCustomer(
            String id, SplittableRandom random, long logStart, long logEnd, long seed, List<LogGenerator.Timed> out) {
        this.id = id;
        this.random = random;
        this.logStart = logStart;
        this.logEnd = logEnd;
        this.seed = seed;
        this.out = out;
    }

    /** Names how this customer behaves (written to LABELS.jsonl as {@code behaviour}). */
    SimCustomer profile(String name) {
        this.profile = name;
        return this;
    }

    /** The identify event at {@code day}: the traits of the segment and a signup date. */
    void identify(long day, String segment, int mrr, long signupDay, String plan) {
        String traits = "{\"mrr\":" + mrr + ",\"currency\":\"EUR\",\"segment\":\"" + segment + "\",\"signupDate\":\""
                + LocalDate.ofEpochDay(signupDay) + "\",\"plan\":\"" + plan + "\"}";
        long at = day * DAY + 6 * 3600 + random.nextInt(3600);
        out.add(new LogGenerator.Timed(
                at,
                "{\"messageId\":\"" + messageId() + "\",\"customerId\":\"" + id
                        + "\",\"type\":\"identify\",\"timestamp\":\"" + Instant.ofEpochSecond(at)
                        + "\",\"properties\":{},\"traits\":" + traits + "}"));
    }

    /** A signup day: {@code share} of customers sign up during the first half of the log, the rest up to 3 years before it. */
    long signupDay(double share) {
        return chance(share)
                ? logStart + random.nextInt((int) Math.max(1, (logEnd - logStart) / 2))
                : logStart - 30 - random.nextInt(1000);
    }

    void emit(long day, String type, String properties) {
        if (day < logStart || day >= logEnd) {
            return;
        }
        long at = day * DAY + 7 * 3600 + random.nextInt(14 * 3600);
        if (type.equals("usage") || type.equals("login") || type.equals("purchase")) {
            lastActivity = Math.max(lastActivity, at);
        }
        out.add(new LogGenerator.Timed(
                at,
                "{\"messageId\":\"" + messageId() + "\",\"customerId\":\"" + id + "\",\"type\":\"" + type
                        + "\",\"timestamp\":\"" + Instant.ofEpochSecond(at) + "\",\"properties\":" + properties + "}"));
    }

    /** A usage event of {@code feature} lasting a few seconds to half an hour. */
    void use(long day, String feature) {
        emit(day, "usage", "{\"feature\":\"" + feature + "\",\"durationSec\":" + (5 + random.nextInt(1800)) + "}");
    }

    void login(long day) {
        emit(day, "login", "{\"client\":\"" + (chance(0.5) ? "web" : "app") + "\"}");
    }

    void nps(long day, int low, int high) {
        emit(day, "nps", "{\"score\":" + (low + random.nextInt(high - low + 1)) + "}");
    }

    void ticket(long day, boolean urgent) {
        emit(
                day,
                "support_ticket",
                "{\"ticketId\":\"T-" + (10_000 + random.nextInt(90_000)) + "\",\"priority\":\""
                        + (urgent ? "high" : "normal") + "\"}");
    }

    void payment(long day, int amount) {
        emit(day, "payment_succeeded", "{\"amount\":" + amount + ".00,\"currency\":\"EUR\"}");
    }

    void purchase(long day, int amount) {
        emit(day, "purchase", "{\"amount\":" + amount + ".00,\"currency\":\"EUR\"}");
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A geometric number of days with the given mean (at least 1). */
    int geometricDays(double mean) {
        double p = 1.0 / Math.max(1.0, mean);
        return 1 + (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - Math.min(p, 0.999)));
    }

    /** A day in [from, to), or {@code from} when the range is empty. */
    long dayIn(long from, long to) {
        return from + random.nextInt((int) Math.max(1, to - from));
    }

    /**
     * The customer stopped using: churn is recorded {@code 0..maxSilenceDays} days after the last activity
     * (the silence before churn varies, as in real logs), or not at all when that falls after the log.
     */
    Label quitAfterSilence(int maxSilenceDays) {
        long last = lastActivity < 0 ? logStart * DAY : lastActivity;
        long churnedAt = last + DAY * random.nextInt(maxSilenceDays + 1) + random.nextInt((int) DAY);
        return churnedAt < logEnd * DAY ? churned(churnedAt) : stayed(null);
    }

    /** An explicit cancellation at {@code day} (a time on that day), active or not until then. */
    Label cancelled(long day) {
        return day < logEnd ? churned(day * DAY + 8 * 3600 + random.nextInt(12 * 3600)) : stayed(null);
    }

    /** Not churned; {@code observedUntilDay} is the end of a fixed term inside the log, or null. */
    Label stayed(Long observedUntilDay) {
        return new Label(
                id,
                profile,
                false,
                null,
                observedUntilDay == null ? null : Instant.ofEpochSecond(observedUntilDay * DAY));
    }

    private Label churned(long epochSecond) {
        return new Label(id, profile, true, Instant.ofEpochSecond(epochSecond), null);
    }

    /**
     * A CDNOW-style lapser from {@code from}: bursts of a few active days separated by geometric gaps of
     * mean {@code meanGapDays}; after each burst the customer never returns with probability {@code pGone}.
     * Returns the day after the last burst, or {@code -1} if the customer was still coming back at the end.
     */
    long lapses(long from, double meanGapDays, double pGone) {
        long day = from;
        while (day < logEnd) {
            int burst = 1 + random.nextInt(4);
            for (int i = 0; i < burst && day + i < logEnd; i++) {
                if (chance(0.6)) {
                    purchase(day + i, 10 + random.nextInt(120));
                } else {
                    use(day + i, "catalogue");
                }
            }
            day += burst;
            if (chance(pGone)) {
                return day;
            }
            day += geometricDays(meanGapDays);
        }
        return -1;
    }

    private String messageId() {
        return "g" + seed + "-" + id + "-" + sequence++;
    }
}
