/**
 * Alert episodes and their lifecycle: risk changes applied a batch at a time (open, update, escalate, reopen),
 * what people do with an episode (acknowledge, snooze, resolve, won back), snoozes ending and escalation of
 * episodes left unacknowledged, and the AlertEvent written for every change. Asks routing where a
 * notification goes and delivery to queue it.
 */
package io.churnwatch.alert.episode;
