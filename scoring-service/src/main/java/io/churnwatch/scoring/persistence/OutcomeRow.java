package io.churnwatch.scoring.persistence;

import java.time.Instant;

/**
 * One row of {@code scoring.outcomes}: what became of a customer, from which source.
 *
 * @param tenantId the tenant
 * @param customerId the customer
 * @param kind {@link #CHURNED}, {@link #WON_BACK} or {@link #SAVED}
 * @param occurredAt when it happened (the event's time, or the resolution's)
 * @param reason the churn reason, or null
 * @param source {@link #FROM_EVENT} or {@link #FROM_RESOLUTION}
 * @param sourceId unique per source: the event's message id, or the episode id, state and time of the AlertEvent
 */
public record OutcomeRow(
        String tenantId,
        String customerId,
        String kind,
        Instant occurredAt,
        String reason,
        String source,
        String sourceId) {

    public static final String CHURNED = "churned";
    public static final String WON_BACK = "won_back";
    public static final String SAVED = "saved";
    public static final String FROM_EVENT = "event";
    public static final String FROM_RESOLUTION = "resolution";

    /** Whether the outcome changes the customer's status (churned or won back). */
    public boolean changesStatus() {
        return CHURNED.equals(kind) || WON_BACK.equals(kind);
    }
}
