package io.churnwatch.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A change of a customer's churn risk, written to {@link Topics#RISK_CHANGES} by the scoring service.
 *
 * @param changeId unique id of this change, for idempotent consumers
 * @param tenant the tenant
 * @param customerId the customer
 * @param oldScore previous score 0 to 100
 * @param newScore new score 0 to 100
 * @param oldLevel previous level
 * @param newLevel new level
 * @param topFactors the factors contributing most, largest first
 * @param mrr customer's monthly recurring value, or null when unknown
 * @param tenureDays days since the customer's signup, or null when unknown
 * @param pAlive BG/NBD probability that the customer is still active, or null when not fitted
 * @param priority risk combined with value and tenure, 0 to 100: higher is more urgent
 * @param playbooks suggested playbook keys, see docs/events.md
 * @param segment customer's segment, or null
 * @param owner customer's owner, or null
 * @param ownerLeft whether the customer's owner has left (an {@code owner_left} event arrived)
 * @param eventTime the event time at which the change happened
 * @param probability the calibrated probability of churn within the tenant's horizon when a learned model scored, else null
 * @param modelVersion what made the change: {@code rules}, or the learned model's version ({@code m3})
 */
public record RiskChange(
        String changeId,
        String tenant,
        String customerId,
        double oldScore,
        double newScore,
        RiskLevel oldLevel,
        RiskLevel newLevel,
        List<RiskFactor> topFactors,
        BigDecimal mrr,
        Integer tenureDays,
        Double pAlive,
        double priority,
        List<String> playbooks,
        String segment,
        String owner,
        boolean ownerLeft,
        Instant eventTime,
        Double probability,
        String modelVersion) {

    /** A change made by the rules: no probability, model {@code rules}. */
    public RiskChange(
            String changeId,
            String tenant,
            String customerId,
            double oldScore,
            double newScore,
            RiskLevel oldLevel,
            RiskLevel newLevel,
            List<RiskFactor> topFactors,
            BigDecimal mrr,
            Integer tenureDays,
            Double pAlive,
            double priority,
            List<String> playbooks,
            String segment,
            String owner,
            boolean ownerLeft,
            Instant eventTime) {
        this(
                changeId,
                tenant,
                customerId,
                oldScore,
                newScore,
                oldLevel,
                newLevel,
                topFactors,
                mrr,
                tenureDays,
                pAlive,
                priority,
                playbooks,
                segment,
                owner,
                ownerLeft,
                eventTime,
                null,
                "rules");
    }

    public String key() {
        return Topics.customerKey(tenant, customerId);
    }
}
