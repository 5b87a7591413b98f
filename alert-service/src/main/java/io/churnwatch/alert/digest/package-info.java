/**
 * Daily and weekly digests: per recipient, the assigned episodes still waiting or changed in the period,
 * ranked by priority, queued on the delivery outbox at the configured times.
 */
package io.churnwatch.alert.digest;
