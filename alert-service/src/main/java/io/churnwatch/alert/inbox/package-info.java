/**
 * What the web inbox needs besides the episodes: an episode's history, the customer's score history from
 * scoring-service, and the live stream's one-use tokens and open streams.
 */
package io.churnwatch.alert.inbox;
