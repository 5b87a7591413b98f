package io.churnwatch.scoring.model;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a customer's state, their peers and P(alive) into the features of the learned churn model. Only
 * the event contract is used (activity, event types, traits, NPS, MRR), never a dataset's ids or
 * property names, so the same features serve every tenant. Peer features compare the customer with the
 * live customers of their segment: silence and activity relative to peers carry most of the signal where
 * usage is rhythmic (a course calendar, a billing cycle, a season) rather than daily.
 */
public final class ChurnFeatures {

    /** The fixed features, in vector order. */
    public static final List<String> BASE = List.of(
            "days_silent",
            "silence_vs_own_gap",
            "tenure_days",
            "activity_week",
            "activity_month",
            "activity_quarter",
            "activity_total",
            "activity_trend",
            "last_nps",
            "p_alive",
            "mrr",
            "peer_active_week",
            "peer_active_fortnight",
            "peer_active_month",
            "silence_percentile",
            "silence_minus_peers",
            "cohort_age_days",
            "activity_vs_peers",
            "peer_churn_rate",
            "tenure_minus_cohort",
            "never_active",
            "rules_score");

    private static final Map<String, Integer> BASE_INDEX = new HashMap<>();

    static {
        for (int i = 0; i < BASE.size(); i++) {
            BASE_INDEX.put(BASE.get(i), i);
        }
    }
    /** Prefix of the per-event-type features ({@code type:complaint}). */
    public static final String TYPE_PREFIX = "type:";

    private static final double DAY_SECONDS = Duration.ofDays(1).toSeconds();

    private ChurnFeatures() {}

    /**
     * The snapshot of {@code state} at {@code now}; {@code peers}, {@code pAlive} and {@code rulesScore} may be null
     * (unknown). The rules' score is a feature, so a model starts from what the explained rules already know.
     */
    public static ChurnSnapshot snapshot(
            String customerId, CustomerState state, PeerStats peers, Double pAlive, Double rulesScore, Instant now) {
        ActivityCounts activity = state.getActivity();
        Instant lastActivity = state.getLastActivityAt();
        Instant since = lastActivity != null ? lastActivity : state.getFirstSeenAt();
        double silent = since == null ? Double.NaN : Math.max(0, days(since, now));
        double tenure = tenureDays(state, now);
        double week = activity.weekAt(now);
        double quarter = activity.quarterAt(now);
        float[] x = new float[BASE.size()];
        x[0] = (float) silent;
        x[1] = state.getGapCount() >= 2 && state.getMeanGapDays() > 0
                ? (float) (silent / state.getMeanGapDays())
                : Float.NaN;
        x[2] = (float) tenure;
        x[3] = (float) week;
        x[4] = (float) activity.monthAt(now);
        x[5] = (float) quarter;
        x[6] = activity.total();
        x[7] = quarter > 0.5 ? (float) ((week / 7) / (quarter / 90)) : Float.NaN;
        x[8] = state.getLastNps() == null ? Float.NaN : state.getLastNps();
        x[9] = pAlive == null ? Float.NaN : pAlive.floatValue();
        x[10] = state.getMrr() == null ? Float.NaN : state.getMrr().floatValue();
        if (peers != null && peers.live() > 0) {
            x[11] = (float) peers.activeWeekShare();
            x[12] = (float) peers.activeFortnightShare();
            x[13] = (float) peers.activeMonthShare();
            x[14] = Double.isNaN(silent) ? Float.NaN : (float) peers.silencePercentile(silent);
            x[15] = (float) (silent - peers.medianSilenceDays());
            x[16] = (float) peers.cohortAgeDays();
            x[17] = (float) (activity.total() / Math.max(1, peers.medianActivityDays()));
            x[18] = (float) peers.recentChurnRate();
            x[19] = (float) (tenure - peers.cohortAgeDays());
        } else {
            for (int i = 11; i <= 19; i++) {
                x[i] = Float.NaN;
            }
        }
        x[20] = activity.total() == 0 ? 1 : 0;
        x[21] = rulesScore == null ? Float.NaN : rulesScore.floatValue();
        Map<String, Float> types = new HashMap<>();
        state.getRecentTypes().forEach((type, sum) -> types.put(type, (float) sum.valueAt(now, ActivityCounts.MONTH)));
        return new ChurnSnapshot(customerId, now, x, types);
    }

    /** The position of the base feature {@code name} in {@link #BASE}, -1 when it is none. */
    public static int baseIndex(String name) {
        return BASE_INDEX.getOrDefault(name, -1);
    }

    /** Days since the signup date, else since the customer was first seen. */
    static double tenureDays(CustomerState state, Instant now) {
        Instant start = state.getSignupDate() != null
                ? state.getSignupDate().atStartOfDay(ZoneOffset.UTC).toInstant()
                : state.getFirstSeenAt();
        return start == null ? 0 : Math.max(0, days(start, now));
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() / DAY_SECONDS;
    }
}
