package io.churnwatch.events;

import java.time.Instant;

/**
 * A change in an alert episode's life, written to {@link Topics#ALERTS} by the alert service through its
 * transactional outbox (at least once, in order per customer: the key is {@code tenant:customerId}).
 *
 * @param episodeId the episode
 * @param tenant the tenant
 * @param customerId the customer
 * @param kind the episode's kind, for example {@code churn_risk}
 * @param state what happened: {@code open} (opened, or a snooze ended), {@code escalated} (risk rose and people were
 *        re-notified, or an unacknowledged episode went to a manager), {@code acknowledged}, {@code snoozed},
 *        {@code resolved}, {@code reopened} (risk rose again after resolution) or {@code won_back} (a customer
 *        resolved as churned was recorded as won back)
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
        Instant at) {}
