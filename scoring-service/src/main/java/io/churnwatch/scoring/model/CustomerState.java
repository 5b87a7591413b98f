package io.churnwatch.scoring.model;

import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.RiskLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the scorer remembers about one customer: a mutable bean of numbers, instants, strings and
 * small maps, so a persistence adapter can copy it field by field. Change it through
 * {@link #apply(ScoringEvent, SignalPolicy)} and {@link #record(RiskAssessment)}; the setters are for
 * loading it back.
 */
public class CustomerState {

    private Map<String, DecayingSum> signals = new HashMap<>();
    private DecayingSum engagementRecent;
    private DecayingSum engagementBaseline;
    private Instant firstEngagementAt;
    private Instant firstSeenAt;
    private Instant lastEventAt;
    private Instant lastActivityAt;
    private double meanGapDays;
    private double gapVarianceDays;
    private int gapCount;
    private Integer lastNps;
    private Instant lastNpsAt;
    private CustomerStatus status = CustomerStatus.ACTIVE;
    private Instant statusChangedAt;
    private BigDecimal mrr;
    private String currency;
    private String segment;
    private String owner;
    private LocalDate signupDate;
    private String plan;
    private Instant traitsAsOf;
    private Instant ownerLeftAt;
    private RiskLevel level = RiskLevel.LOW;
    private double score;
    private Instant scoredAt;
    private Map<String, Double> factorContributions = new HashMap<>();
    private Instant nextDueAt;
    private ActivityCounts activity = ActivityCounts.NONE;
    private Map<String, DecayingSum> recentTypes = new HashMap<>();
    private Double probability;
    private String modelVersion;

    /** Applies one event by its event time; see {@link EventApplier} for the rules and out-of-order handling. */
    public CustomerState apply(ScoringEvent event, SignalPolicy policy) {
        EventApplier.apply(this, event, policy);
        return this;
    }

    /**
     * Sets the status as of {@code at} (a churned or won_back event, or an episode resolved as churned or
     * won back): the latest in event time wins, so a late outcome older than the current status changes nothing.
     *
     * @return whether the status was taken (false when it is older than the current one)
     */
    public boolean changeStatus(CustomerStatus newStatus, Instant at) {
        if (statusChangedAt != null && at.isBefore(statusChangedAt)) {
            return false;
        }
        status = newStatus;
        statusChangedAt = at;
        return true;
    }

    /** Remembers an assessment: level and score for hysteresis, contributions for change, next due time. */
    public CustomerState record(RiskAssessment assessment) {
        level = assessment.level();
        score = assessment.score();
        scoredAt = assessment.at();
        nextDueAt = assessment.nextDueAt();
        factorContributions = new HashMap<>();
        assessment.factors().forEach(f -> factorContributions.put(f.key(), f.contribution()));
        return this;
    }

    /** The traits as the contract record. */
    public CustomerTraits traits() {
        return new CustomerTraits(mrr, currency, segment, owner, signupDate, plan);
    }

    /** Whether an {@code owner_left} event arrived and no new owner was named after it. */
    public boolean ownerLeft() {
        return ownerLeftAt != null;
    }

    public boolean churned() {
        return status == CustomerStatus.CHURNED;
    }

    public Map<String, DecayingSum> getSignals() {
        return signals;
    }

    public void setSignals(Map<String, DecayingSum> signals) {
        this.signals = new HashMap<>(signals);
    }

    public DecayingSum getEngagementRecent() {
        return engagementRecent;
    }

    public void setEngagementRecent(DecayingSum engagementRecent) {
        this.engagementRecent = engagementRecent;
    }

    public DecayingSum getEngagementBaseline() {
        return engagementBaseline;
    }

    public void setEngagementBaseline(DecayingSum engagementBaseline) {
        this.engagementBaseline = engagementBaseline;
    }

    public Instant getFirstEngagementAt() {
        return firstEngagementAt;
    }

    public void setFirstEngagementAt(Instant firstEngagementAt) {
        this.firstEngagementAt = firstEngagementAt;
    }

    public Instant getFirstSeenAt() {
        return firstSeenAt;
    }

    public void setFirstSeenAt(Instant firstSeenAt) {
        this.firstSeenAt = firstSeenAt;
    }

    public Instant getLastEventAt() {
        return lastEventAt;
    }

    public void setLastEventAt(Instant lastEventAt) {
        this.lastEventAt = lastEventAt;
    }

    public Instant getLastActivityAt() {
        return lastActivityAt;
    }

    public void setLastActivityAt(Instant lastActivityAt) {
        this.lastActivityAt = lastActivityAt;
    }

    public double getMeanGapDays() {
        return meanGapDays;
    }

    public void setMeanGapDays(double meanGapDays) {
        this.meanGapDays = meanGapDays;
    }

    public double getGapVarianceDays() {
        return gapVarianceDays;
    }

    public void setGapVarianceDays(double gapVarianceDays) {
        this.gapVarianceDays = gapVarianceDays;
    }

    public int getGapCount() {
        return gapCount;
    }

    public void setGapCount(int gapCount) {
        this.gapCount = gapCount;
    }

    public Integer getLastNps() {
        return lastNps;
    }

    public void setLastNps(Integer lastNps) {
        this.lastNps = lastNps;
    }

    public Instant getLastNpsAt() {
        return lastNpsAt;
    }

    public void setLastNpsAt(Instant lastNpsAt) {
        this.lastNpsAt = lastNpsAt;
    }

    public CustomerStatus getStatus() {
        return status;
    }

    public void setStatus(CustomerStatus status) {
        this.status = status;
    }

    public Instant getStatusChangedAt() {
        return statusChangedAt;
    }

    public void setStatusChangedAt(Instant statusChangedAt) {
        this.statusChangedAt = statusChangedAt;
    }

    public BigDecimal getMrr() {
        return mrr;
    }

    public void setMrr(BigDecimal mrr) {
        this.mrr = mrr;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public String getSegment() {
        return segment;
    }

    public void setSegment(String segment) {
        this.segment = segment;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public LocalDate getSignupDate() {
        return signupDate;
    }

    public void setSignupDate(LocalDate signupDate) {
        this.signupDate = signupDate;
    }

    public String getPlan() {
        return plan;
    }

    public void setPlan(String plan) {
        this.plan = plan;
    }

    public Instant getTraitsAsOf() {
        return traitsAsOf;
    }

    public void setTraitsAsOf(Instant traitsAsOf) {
        this.traitsAsOf = traitsAsOf;
    }

    public Instant getOwnerLeftAt() {
        return ownerLeftAt;
    }

    public void setOwnerLeftAt(Instant ownerLeftAt) {
        this.ownerLeftAt = ownerLeftAt;
    }

    public RiskLevel getLevel() {
        return level;
    }

    public void setLevel(RiskLevel level) {
        this.level = level;
    }

    public double getScore() {
        return score;
    }

    public void setScore(double score) {
        this.score = score;
    }

    public Instant getScoredAt() {
        return scoredAt;
    }

    public void setScoredAt(Instant scoredAt) {
        this.scoredAt = scoredAt;
    }

    public Map<String, Double> getFactorContributions() {
        return factorContributions;
    }

    public void setFactorContributions(Map<String, Double> contributions) {
        this.factorContributions = new HashMap<>(contributions);
    }
    /** Every event type seen (custom types too, at most {@link EventApplier#MAX_RECENT_TYPES}), decayed over 28 days. */
    public Map<String, DecayingSum> getRecentTypes() {
        return recentTypes;
    }

    public void setRecentTypes(Map<String, DecayingSum> recentTypes) {
        this.recentTypes = new HashMap<>(recentTypes);
    }

    public ActivityCounts getActivity() {
        return activity;
    }

    public void setActivity(ActivityCounts activity) {
        this.activity = activity == null ? ActivityCounts.NONE : activity;
    }
    /** The calibrated probability of churn within the tenant's horizon at the last assessment, or null under rules. */
    public Double getProbability() {
        return probability;
    }

    public void setProbability(Double probability) {
        this.probability = probability;
    }
    /** The model that made the last assessment: {@code rules} or a learned model's version. */
    public String getModelVersion() {
        return modelVersion;
    }

    public void setModelVersion(String modelVersion) {
        this.modelVersion = modelVersion;
    }

    public Instant getNextDueAt() {
        return nextDueAt;
    }

    public void setNextDueAt(Instant nextDueAt) {
        this.nextDueAt = nextDueAt;
    }
}
