package io.churnwatch.scoring.model;

import static java.util.Map.entry;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that turns a customer's signals into a risk score: per-event rules, NPS, usage gaps,
 * fading engagement, P(alive), the score scale and the level thresholds. A plain value the service
 * layer loads per tenant and segment.
 *
 * @param rules rule per event wire name; types without a rule (custom types) are neutral
 * @param nps the NPS answer rule
 * @param usageGap the silence rule
 * @param engagement the fading-engagement rule
 * @param pAliveMaxPoints raw points when P(alive) is 0
 * @param scale raw points at which the score reaches 63 (1 - 1/e of 100), see {@link #toScore(double)}
 * @param thresholds level thresholds with hysteresis
 */
public record SignalPolicy(
        Map<String, SignalRule> rules,
        NpsRule nps,
        UsageGapPolicy usageGap,
        EngagementPolicy engagement,
        double pAliveMaxPoints,
        double scale,
        LevelThresholds thresholds) {

    /**
     * Default rules (raw points per fresh event, half-life in days, cap on the decayed total). Raising
     * risk: complaint 15/21/60, unsubscribe 10/30/20, dislike 4/14/16, unlike 3/14/12, downgrade
     * 20/45/30, payment_failed 15/14/30, support_ticket 5/14/20, error 3/7/15, owner_left 25/90/25,
     * renewal_due 10/30/10. Lowering risk: usage -1/7/6, login -0.5/7/3, like -1/14/3, resubscribe
     * -8/30/8, upgrade -15/60/15, payment_succeeded -3/30/6, purchase -5/30/10. The positive engagement
     * caps are small on purpose: a busy customer's hundred logins must not hide three complaints.
     */
    public static final Map<String, SignalRule> DEFAULT_RULES = Map.ofEntries(
            entry("complaint", SignalRule.of(15, 21, 60)),
            entry("unsubscribe", SignalRule.of(10, 30, 20)),
            entry("dislike", SignalRule.of(4, 14, 16)),
            entry("unlike", SignalRule.of(3, 14, 12)),
            entry("downgrade", SignalRule.of(20, 45, 30)),
            entry("payment_failed", SignalRule.of(15, 14, 30)),
            entry("support_ticket", SignalRule.of(5, 14, 20)),
            entry("error", SignalRule.of(3, 7, 15)),
            entry("owner_left", SignalRule.of(25, 90, 25)),
            entry("renewal_due", SignalRule.of(10, 30, 10)),
            entry("usage", SignalRule.of(-1, 7, 6)),
            entry("login", SignalRule.of(-0.5, 7, 3)),
            entry("like", SignalRule.of(-1, 14, 3)),
            entry("resubscribe", SignalRule.of(-8, 30, 8)),
            entry("upgrade", SignalRule.of(-15, 60, 15)),
            entry("payment_succeeded", SignalRule.of(-3, 30, 6)),
            entry("purchase", SignalRule.of(-5, 30, 10)));

    /** Key of the NPS accumulator among the signals. */
    public static final String NPS_KEY = "nps";

    public SignalPolicy {
        rules = Map.copyOf(rules);
        if (!(scale > 0 && pAliveMaxPoints >= 0)) {
            throw new IllegalArgumentException("scale must be positive and P(alive) points non-negative");
        }
    }

    /** The documented defaults: {@link #DEFAULT_RULES}, {@link NpsRule#DEFAULT}, 30 P(alive) points, scale 50. */
    public static SignalPolicy defaults() {
        return new SignalPolicy(
                DEFAULT_RULES,
                NpsRule.DEFAULT,
                UsageGapPolicy.DEFAULT,
                EngagementPolicy.DEFAULT,
                30,
                50,
                LevelThresholds.DEFAULT);
    }

    /** A copy with other thresholds, for tenant or segment overrides. */
    public SignalPolicy withThresholds(LevelThresholds newThresholds) {
        return new SignalPolicy(rules, nps, usageGap, engagement, pAliveMaxPoints, scale, newThresholds);
    }

    /** A copy with one rule added or replaced, for example a tenant's weight for a custom event type. */
    public SignalPolicy withRule(String type, SignalRule rule) {
        Map<String, SignalRule> changed = new HashMap<>(rules);
        changed.put(type, rule);
        return new SignalPolicy(changed, nps, usageGap, engagement, pAliveMaxPoints, scale, thresholds);
    }

    /** The rule for an accumulator key: an event type's rule, or the NPS rule for {@link #NPS_KEY}. */
    public Optional<SignalRule> ruleFor(String key) {
        return NPS_KEY.equals(key) ? Optional.of(nps.asSignalRule()) : Optional.ofNullable(rules.get(key));
    }

    /**
     * Maps raw points to the 0-100 score: score = 100 * (1 - exp(-raw / scale)) for raw > 0, else 0.
     * The saturating curve keeps the score bounded however many signals pile up, and is nearly
     * linear for small totals (slope 100 / scale at 0). With the default scale 50, the level
     * thresholds 40 / 70 / 85 correspond to about 26 / 60 / 95 raw points.
     */
    public double toScore(double raw) {
        return raw <= 0 ? 0 : 100 * (1 - Math.exp(-raw / scale));
    }

    /**
     * Raw points for a P(alive) value from the tenant's BG/NBD fit: pAliveMaxPoints * (1 - P)^2, so
     * likely-alive customers cost almost nothing (P = 0.9: 0.3) and likely-gone ones nearly all of it
     * (P = 0.03: 28 of 30).
     */
    public double pAlivePoints(double pAlive) {
        if (!(pAlive >= 0 && pAlive <= 1)) {
            throw new IllegalArgumentException("P(alive) must be within [0, 1], got " + pAlive);
        }
        return pAliveMaxPoints * (1 - pAlive) * (1 - pAlive);
    }
}
