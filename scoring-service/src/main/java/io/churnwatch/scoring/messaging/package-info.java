/**
 * The Kafka adapters: consuming events and alert outcomes in batches (read into {@code state.ConsumedRecord}s on the
 * scoring lanes, seeking to the offsets stored with the state), relaying the outbox to Kafka, and measuring the
 * consumer's lag for the metrics. The only package that sees Kafka's types; it calls the feature packages, never
 * the other way round.
 */
package io.churnwatch.scoring.messaging;
