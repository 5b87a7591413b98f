/**
 * Notifications from outbox row to channel: the channel-independent message, the rows written with an
 * episode change (with the daily re-notification cap), and the relay that claims, folds to the channels' rate
 * limits, sends and records them. Owns the tenants' channels and the SSRF guard on their targets, and the
 * wake-ups that start the relays after a commit (this one and messaging's AlertEvent relay).
 */
package io.churnwatch.alert.delivery;
