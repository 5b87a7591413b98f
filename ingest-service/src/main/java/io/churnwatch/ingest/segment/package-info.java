/**
 * The Segment-compatible API: who sends a request (write key in the header or the body), and each Segment message
 * translated into the own v1 format, validated by the same rules and ingested with source {@code segment}.
 */
package io.churnwatch.ingest.segment;
