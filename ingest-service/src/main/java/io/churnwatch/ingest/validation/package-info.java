/**
 * Reading untrusted input: request bodies (gzip with a bound, JSON with hostile-input limits, batches split with
 * each event's size) and the check of one event in the v1 request format, traits included, into a contract event or
 * the reasons it is invalid, each naming its field. Depends on the configuration only.
 */
package io.churnwatch.ingest.validation;
