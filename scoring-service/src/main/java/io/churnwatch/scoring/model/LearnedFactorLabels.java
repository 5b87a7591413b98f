package io.churnwatch.scoring.model;

import java.util.Locale;

/** Words for a learned model's features, built from the values the model saw (English, like {@link FactorLabels}). */
final class LearnedFactorLabels {

    private LearnedFactorLabels() {}

    static String label(String feature, ChurnSnapshot snapshot, PeerStats peers, double points) {
        int i = ChurnFeatures.baseIndex(feature);
        float v = i >= 0
                ? snapshot.base()[i]
                : snapshot.types()
                        .getOrDefault(
                                feature.substring(Math.min(feature.length(), ChurnFeatures.TYPE_PREFIX.length())), 0f);
        String text = switch (feature) {
            case "days_silent", "silence_percentile", "silence_minus_peers" -> silence(snapshot, peers);
            case "silence_vs_own_gap" -> "silent %.1f× the usual interval".formatted(v);
            case "tenure_days" -> "customer for %d days".formatted(Math.round(v));
            case "activity_week", "activity_month", "activity_quarter", "activity_trend" ->
                "activity lately: %.1f this week, %.1f this month".formatted(snapshot.base()[3], snapshot.base()[4]);
            case "activity_total", "activity_vs_peers", "never_active" ->
                "%d activities in all".formatted(Math.round(snapshot.base()[6]));
            case "last_nps" -> "last NPS answer %d".formatted(Math.round(v));
            case "p_alive" -> "P(alive) %d%%".formatted(Math.round(100 * v));
            case "mrr" -> "MRR %.0f".formatted(v);
            case "peer_active_week", "peer_active_fortnight", "peer_active_month" ->
                "%d%% of peers active this week".formatted(Math.round(100 * snapshot.base()[11]));
            case "cohort_age_days", "tenure_minus_cohort" ->
                "cohort started %d days ago".formatted(Math.round(snapshot.base()[16]));
            case "peer_churn_rate" -> "%.1f%% of peers churned in the last 28 days".formatted(100 * v);
            case "rules_score" -> "the warning rules' score %d".formatted(Math.round(v));
            default ->
                "recent " + feature.substring(Math.min(feature.length(), ChurnFeatures.TYPE_PREFIX.length()))
                        + " events: %.1f".formatted(v);
        };
        return FactorLabels.withContribution(text, points);
    }

    private static String silence(ChurnSnapshot snapshot, PeerStats peers) {
        long days = Math.round(snapshot.base()[0]);
        if (peers == null || Float.isNaN(snapshot.base()[14])) {
            return "silent %d days".formatted(days);
        }
        return String.format(
                Locale.ROOT, "silent %d days, longer than %d%% of peers", days, Math.round(100 * snapshot.base()[14]));
    }
}
