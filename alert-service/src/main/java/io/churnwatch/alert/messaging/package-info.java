/**
 * The Kafka adapters: consuming risk changes (and dead-lettering the unusable ones), relaying the AlertEvent
 * outbox to {@code churnwatch.alerts.v1}, and reading that topic back for the live streams. The only package
 * that sees Kafka consumer records; it calls the feature packages, never the other way round.
 */
package io.churnwatch.alert.messaging;
