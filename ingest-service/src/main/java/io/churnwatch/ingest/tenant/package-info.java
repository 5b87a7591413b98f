/**
 * Tenants, their ingest settings (Segment track mappings, accounts from group ids) and API keys, returned once
 * when created and stored only hashed; and the start-up tenant of a local run.
 */
package io.churnwatch.ingest.tenant;
