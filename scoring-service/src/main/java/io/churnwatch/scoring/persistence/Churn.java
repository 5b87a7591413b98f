package io.churnwatch.scoring.persistence;

import java.time.Instant;

/**
 * One churn of a customer, counted once whichever sources reported it.
 *
 * @param customerId the customer
 * @param churnedAt the earliest churned outcome of the churn (event time)
 * @param endedAt the won_back outcome that ended it, or null while the customer is gone
 * @param reason the latest reason a resolution gave, else the latest an integrator's event gave, else null
 */
public record Churn(String customerId, Instant churnedAt, Instant endedAt, String reason) {}
