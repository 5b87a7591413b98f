package io.churnwatch.scoring.model;

import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Scores a customer's state at a given instant into an explained 0-100 risk with a hysteretic level. */
public final class RiskScorer {

    public static final String P_ALIVE_KEY = "p_alive";
    public static final String CHURNED_KEY = "churned";
    private static final double SHOWN_CONTRIBUTION = 0.5;
    private static final double NEGLIGIBLE_RAW = 0.05;

    private RiskScorer() {}

    private record RawFactor(String key, String label, double points) {}

    /**
     * Scores {@code state} at {@code now}.
     *
     * <p>Raw points are the sum of: every signal's decayed total (each event's points *
     * 0.5^((now - t) / halfLife)) clamped to its cap; the usage-gap step points; the fading-engagement
     * points; and, when {@code pAlive} is given, the P(alive) points. The score is
     * {@link SignalPolicy#toScore(double)} of that sum. Each factor's contribution in score points is
     * its raw points times score / raw, so the contributions add up to the score exactly; when the raw
     * sum is not positive the score is 0 and contributions use the initial slope 100 / scale instead,
     * so a protective factor still shows how much it protects. Factors below half a point are left
     * out. The level applies the policy's hysteresis to the state's current level; the change of a
     * factor is its contribution minus the one recorded in the state at the previous assessment.
     *
     * <p>A churned customer scores 100 at level critical with the single factor {@code churned}.
     *
     * @param pAlive P(alive) from the tenant's BG/NBD fit, or null when there is no fit
     */
    public static RiskAssessment score(CustomerState state, SignalPolicy policy, Instant now, Double pAlive) {
        if (state.churned()) {
            return churned(state, now, pAlive);
        }
        List<RawFactor> raw = rawFactors(state, policy, now, pAlive);
        double total = raw.stream().mapToDouble(RawFactor::points).sum();
        double score = policy.toScore(total);
        double toScorePoints = total > 0 ? score / total : 100 / policy.scale();
        Map<String, Double> previous = state.getFactorContributions();
        List<RiskFactor> factors = new ArrayList<>();
        for (RawFactor factor : raw) {
            double contribution = factor.points() * toScorePoints;
            if (Math.abs(contribution) >= SHOWN_CONTRIBUTION) {
                factors.add(new RiskFactor(
                        factor.key(),
                        FactorLabels.withContribution(factor.label(), contribution),
                        contribution,
                        contribution - previous.getOrDefault(factor.key(), 0.0)));
            }
        }
        factors.sort(Comparator.comparingDouble((RiskFactor f) -> -Math.abs(f.contribution()))
                .thenComparing(RiskFactor::key));
        RiskLevel level = policy.thresholds().next(state.getLevel(), score);
        Instant nextDueAt = UsageGap.nextDueAt(state, policy.usageGap(), now).orElse(null);
        double gapRatio =
                UsageGap.at(state, policy.usageGap(), now).map(UsageGap::ratio).orElse(0.0);
        return new RiskAssessment(
                score,
                level,
                state.getLevel(),
                state.getScore(),
                factors,
                total,
                now,
                nextDueAt,
                gapRatio,
                pAlive,
                false);
    }

    /** When the usage-gap factor of {@code state} next steps up after its last assessment; see {@link UsageGap#nextDueAt}. */
    public static Optional<Instant> nextDueAt(CustomerState state, SignalPolicy policy) {
        Instant after = state.getScoredAt() != null ? state.getScoredAt() : state.getLastEventAt();
        return after == null ? Optional.empty() : UsageGap.nextDueAt(state, policy.usageGap(), after);
    }

    private static List<RawFactor> rawFactors(CustomerState state, SignalPolicy policy, Instant now, Double pAlive) {
        List<RawFactor> raw = new ArrayList<>();
        state.getSignals()
                .forEach((key, sum) -> policy.ruleFor(key).ifPresent(rule -> {
                    double points = rule.capped(sum.valueAt(now, rule.halfLife()));
                    if (Math.abs(points) >= NEGLIGIBLE_RAW) {
                        String label = SignalPolicy.NPS_KEY.equals(key) && state.getLastNps() != null
                                ? FactorLabels.nps(state.getLastNps(), state.getLastNpsAt(), now)
                                : FactorLabels.signal(key, sum, now);
                        raw.add(new RawFactor(key, label, points));
                    }
                }));
        UsageGap.at(state, policy.usageGap(), now)
                .filter(gap -> gap.points() > 0)
                .ifPresent(gap -> raw.add(new RawFactor(UsageGap.KEY, FactorLabels.usageGap(gap), gap.points())));
        EngagementTrend.at(state, policy.engagement(), now)
                .filter(trend -> trend.points() > 0)
                .ifPresent(trend ->
                        raw.add(new RawFactor(EngagementTrend.KEY, FactorLabels.engagement(trend), trend.points())));
        if (pAlive != null) {
            raw.add(new RawFactor(P_ALIVE_KEY, FactorLabels.pAlive(pAlive), policy.pAlivePoints(pAlive)));
        }
        return raw;
    }

    private static RiskAssessment churned(CustomerState state, Instant now, Double pAlive) {
        String label = "customer churned"
                + (state.getStatusChangedAt() != null
                        ? " on " + state.getStatusChangedAt().toString().substring(0, 10)
                        : "");
        double change = 100 - state.getFactorContributions().getOrDefault(CHURNED_KEY, 0.0);
        RiskFactor factor = new RiskFactor(CHURNED_KEY, label, 100, change);
        return new RiskAssessment(
                100,
                RiskLevel.CRITICAL,
                state.getLevel(),
                state.getScore(),
                List.of(factor),
                100,
                now,
                null,
                0,
                pAlive,
                true);
    }
}
