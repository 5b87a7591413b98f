package io.churnwatch.scoring.model;

import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Folds one event into a {@link CustomerState}, by event time.
 *
 * <p>Out-of-order events: signal sums, engagement rates, first/last times, status, last NPS and traits
 * come out the same whatever order the events arrive in (decayed sums add a late event already
 * decayed from its own time; status and last NPS follow the latest event time; a late traits event
 * only fills fields still empty). The one exception is the learned usage interval: a gap can only be
 * measured between consecutive activity events, so an activity event older than the last one seen
 * does not change the gap statistics (it still counts as engagement and as a signal). The current
 * gap, which drives the usage-gap factor, is measured from the latest activity and is therefore
 * order-independent.
 */
final class EventApplier {

    private static final double SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();
    /** Most event types one customer's {@link CustomerState#getRecentTypes()} keeps. */
    static final int MAX_RECENT_TYPES = 32;

    private EventApplier() {}

    static void apply(CustomerState state, ScoringEvent event, SignalPolicy policy) {
        Instant at = event.at();
        state.setFirstSeenAt(earlier(state.getFirstSeenAt(), at));
        state.setLastEventAt(later(state.getLastEventAt(), at));
        if (event.is(EventType.CHURNED) || event.is(EventType.WON_BACK)) {
            applyStatus(state, event);
        }
        Map<String, DecayingSum> types = state.getRecentTypes();
        if (types.containsKey(event.type()) || types.size() < MAX_RECENT_TYPES) {
            types.merge(event.type(), DecayingSum.of(1, at), (old, fresh) -> old.plus(1, at, ActivityCounts.MONTH));
        }
        if (event.traits() != null) {
            applyTraits(state, event.traits(), at);
        }
        if (event.is(EventType.OWNER_LEFT)) {
            state.setOwnerLeftAt(later(state.getOwnerLeftAt(), at));
        }
        if (event.is(EventType.NPS)) {
            applyNps(state, event.npsScore(), at, policy.nps());
        }
        policy.ruleFor(event.type())
                .filter(rule -> !SignalPolicy.NPS_KEY.equals(event.type()))
                .ifPresent(rule -> addSignal(state, event.type(), rule.points(), at, rule.halfLife()));
        if (policy.engagement().types().contains(event.type())) {
            applyEngagement(state, at, policy.engagement());
        }
        if (policy.usageGap().activityTypes().contains(event.type())) {
            applyActivity(state, at, policy.usageGap());
        }
    }

    private static void applyStatus(CustomerState state, ScoringEvent event) {
        state.changeStatus(event.is(EventType.CHURNED) ? CustomerStatus.CHURNED : CustomerStatus.ACTIVE, event.at());
    }

    private static void applyNps(CustomerState state, int score, Instant at, NpsRule rule) {
        addSignal(state, SignalPolicy.NPS_KEY, rule.points(score), at, rule.halfLife());
        if (state.getLastNpsAt() == null || !at.isBefore(state.getLastNpsAt())) {
            state.setLastNps(score);
            state.setLastNpsAt(at);
        }
    }

    private static void addSignal(CustomerState state, String key, double points, Instant at, Duration halfLife) {
        state.getSignals().merge(key, DecayingSum.of(points, at), (old, fresh) -> old.plus(points, at, halfLife));
    }

    private static void applyEngagement(CustomerState state, Instant at, EngagementPolicy policy) {
        state.setFirstEngagementAt(earlier(state.getFirstEngagementAt(), at));
        state.setEngagementRecent(
                state.getEngagementRecent() == null
                        ? DecayingSum.of(1, at)
                        : state.getEngagementRecent().plus(1, at, policy.recentHalfLife()));
        state.setEngagementBaseline(
                state.getEngagementBaseline() == null
                        ? DecayingSum.of(1, at)
                        : state.getEngagementBaseline().plus(1, at, policy.baselineHalfLife()));
    }

    /**
     * Updates the usage-gap statistics with the gap since the previous activity: an exponentially
     * weighted mean and variance (Finch 2009, "Incremental calculation of weighted mean and
     * variance": mean += alpha * d, var = (1 - alpha) * (var + alpha * d^2) with d = gap - mean).
     * The policy's prior interval acts as the starting value, and alpha = max(smoothing, 1 / (n + 2))
     * for the n-th gap, so the first gaps move the estimate like a running mean that counts the prior
     * as one observation, after which it becomes an ordinary EWMA.
     */
    private static void applyActivity(CustomerState state, Instant at, UsageGapPolicy policy) {
        state.setActivity(state.getActivity().plus(at));
        Instant previous = state.getLastActivityAt();
        if (previous != null && at.isBefore(previous)) {
            return;
        }
        state.setLastActivityAt(at);
        if (previous == null) {
            return;
        }
        double gapDays = Duration.between(previous, at).toSeconds() / SECONDS_PER_DAY;
        if (gapDays < policy.sessionGapDays()) {
            return;
        }
        int n = state.getGapCount();
        double mean = n == 0 ? policy.priorMeanGapDays() : state.getMeanGapDays();
        double variance = n == 0 ? policy.priorSpreadDays() * policy.priorSpreadDays() : state.getGapVarianceDays();
        double alpha = Math.max(policy.smoothing(), 1.0 / (n + 2));
        double difference = gapDays - mean;
        state.setMeanGapDays(mean + alpha * difference);
        state.setGapVarianceDays((1 - alpha) * (variance + alpha * difference * difference));
        state.setGapCount(n + 1);
    }

    private static void applyTraits(CustomerState state, CustomerTraits traits, Instant at) {
        boolean newest = state.getTraitsAsOf() == null || !at.isBefore(state.getTraitsAsOf());
        if (traits.owner() != null
                && !traits.owner().equals(state.getOwner())
                && state.getOwnerLeftAt() != null
                && at.isAfter(state.getOwnerLeftAt())) {
            state.setOwnerLeftAt(null);
        }
        if (traits.mrr() != null && (newest || state.getMrr() == null)) {
            state.setMrr(traits.mrr());
        }
        if (traits.currency() != null && (newest || state.getCurrency() == null)) {
            state.setCurrency(traits.currency());
        }
        if (traits.segment() != null && (newest || state.getSegment() == null)) {
            state.setSegment(traits.segment());
        }
        if (traits.owner() != null && (newest || state.getOwner() == null)) {
            state.setOwner(traits.owner());
        }
        if (traits.signupDate() != null && (newest || state.getSignupDate() == null)) {
            state.setSignupDate(traits.signupDate());
        }
        if (traits.plan() != null && (newest || state.getPlan() == null)) {
            state.setPlan(traits.plan());
        }
        if (newest) {
            state.setTraitsAsOf(at);
        }
    }

    private static Instant earlier(Instant current, Instant candidate) {
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static Instant later(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
