/**
 * The ingest and tenancy tables, with the reactive pool: received message ids (the dedupe reservations), stored
 * answers of idempotent requests, tenants and key hashes. Every statement of the service is here. Depends on the
 * event contract only, never on a feature or the API.
 */
package io.churnwatch.ingest.persistence;
