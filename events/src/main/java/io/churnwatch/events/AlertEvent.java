package io.churnwatch.events;

import java.time.Instant;

/**
 * A change in an alert episode's life, written to {@link Topics#ALERTS} by the alert service.
 *
 * @param episodeId the episode
 * @param tenant the tenant
 * @param customerId the customer
 * @param kind the episode's kind, for example {@code churn_risk}
 * @param state open, acknowledged, snoozed, resolved or reopened
 * @param level the risk level the episode is at
 * @param outcome for resolved episodes: saved, churned or false_alarm; otherwise null
 * @param reason for resolved episodes: the churn reason category; otherwise null
 * @param at when the change happened
 */
public record AlertEvent(
        String episodeId,
        String tenant,
        String customerId,
        String kind,
        String state,
        RiskLevel level,
        String outcome,
        String reason,
        Instant at) {
}
