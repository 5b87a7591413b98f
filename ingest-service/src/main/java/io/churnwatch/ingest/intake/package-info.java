/**
 * Taking validated events to Kafka exactly once per (tenant, messageId): the own API's single events and batches,
 * the per-tenant rate limit, the message ids reserved in PostgreSQL around the write (duplicates answered as such),
 * reservations left unfinished by an outage, retention of ids and idempotency keys, each event's result and the
 * business metrics. Writes through {@link io.churnwatch.ingest.intake.EventSink}, which messaging implements.
 */
package io.churnwatch.ingest.intake;
