/**
 * The Kafka adapters: the producer that writes accepted events to {@code churnwatch.events.v1} (intake's
 * {@link io.churnwatch.ingest.intake.EventSink}) and the topics created at start-up. The only package that sees
 * Kafka's types; features depend on the port, never on this package.
 */
package io.churnwatch.ingest.messaging;
