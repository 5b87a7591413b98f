package io.churnwatch.scoring.model;

import static java.util.Map.entry;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The human sentences behind factor keys, such as "3 complaints, latest today: +22". */
final class FactorLabels {

    private static final Map<String, String[]> NOUNS = Map.ofEntries(
            entry("complaint", new String[] {"complaint", "complaints"}),
            entry("unsubscribe", new String[] {"unsubscribe", "unsubscribes"}),
            entry("dislike", new String[] {"dislike", "dislikes"}),
            entry("unlike", new String[] {"unlike", "unlikes"}),
            entry("downgrade", new String[] {"downgrade", "downgrades"}),
            entry("payment_failed", new String[] {"failed payment", "failed payments"}),
            entry("support_ticket", new String[] {"support ticket", "support tickets"}),
            entry("error", new String[] {"error", "errors"}),
            entry("renewal_due", new String[] {"renewal notice", "renewal notices"}),
            entry("usage", new String[] {"usage event", "usage events"}),
            entry("login", new String[] {"login", "logins"}),
            entry("like", new String[] {"like", "likes"}),
            entry("resubscribe", new String[] {"resubscribe", "resubscribes"}),
            entry("upgrade", new String[] {"upgrade", "upgrades"}),
            entry("payment_succeeded", new String[] {"successful payment", "successful payments"}),
            entry("purchase", new String[] {"purchase", "purchases"}));

    private FactorLabels() {}

    static String signal(String key, DecayingSum sum, Instant now) {
        if ("owner_left".equals(key)) {
            return "account owner left " + ago(sum.lastAt(), now);
        }
        String[] noun = NOUNS.getOrDefault(key, new String[] {key + " event", key + " events"});
        int count = Math.max(1, sum.count());
        String latest = count == 1 ? ago(sum.lastAt(), now) : "latest " + ago(sum.lastAt(), now);
        return count + " " + (count == 1 ? noun[0] : noun[1]) + ", " + latest;
    }

    static String nps(Integer lastNps, Instant lastNpsAt, Instant now) {
        String band = lastNps <= 6 ? "detractor" : lastNps >= 9 ? "promoter" : "passive";
        return "NPS answer %d (%s), %s".formatted(lastNps, band, ago(lastNpsAt, now));
    }

    static String usageGap(UsageGap gap) {
        return String.format(
                Locale.ROOT,
                "usage gap %.1fx this customer's normal (%.1f days silent, normal %.1f days)",
                gap.ratio(),
                gap.gapDays(),
                gap.normalDays());
    }

    static String engagement(EngagementTrend trend) {
        return String.format(
                Locale.ROOT,
                "engagement down %.0f%% against this customer's normal (%.1f/week vs %.1f/week)",
                trend.drop() * 100,
                trend.recentPerWeek(),
                trend.baselinePerWeek());
    }

    static String pAlive(double pAlive) {
        return String.format(Locale.ROOT, "P(alive) %.2f", pAlive);
    }

    /** {@code label: +12}, rounded half up as {@code %+.0f} would, without a Formatter per factor. */
    static String withContribution(String label, double contribution) {
        char sign = Double.compare(contribution, 0.0) < 0 ? '-' : '+';
        return label + ": " + sign + Math.round(Math.abs(contribution));
    }

    private static String ago(Instant then, Instant now) {
        long days = then.isAfter(now) ? 0 : Duration.between(then, now).toDays();
        return days == 0 ? "today" : days == 1 ? "1 day ago" : days + " days ago";
    }
}
