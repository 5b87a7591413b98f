/**
 * The REST layer: the own event API ({@code /v1/events}, {@code /v1/events/batch}), the Segment-compatible calls
 * ({@code /v1/track}, ...), tenant administration ({@code /admin/tenants}), their answers and Idempotency-Key
 * handling. Resources call the feature packages and may read persistence rows to render them; nothing in the service
 * depends on this package.
 */
package io.churnwatch.ingest.api;
