/**
 * Customers' scoring state: a consumed batch of events applied in one transaction (offsets and message ids
 * deduplicated, dead letters for what cannot be applied, a failing batch bisected), each customer rescored with the
 * pure core and the rows written in bulk; the outcomes read from {@code churnwatch.alerts.v1} applied the same way
 * (they change a customer's status, as churned and won-back events do); the cache of parsed states; retention;
 * and the read side for the API (a customer's risk and timeline, the ranked list).
 */
package io.churnwatch.scoring.state;
