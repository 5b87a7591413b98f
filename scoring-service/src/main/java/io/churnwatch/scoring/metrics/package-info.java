/**
 * Churn numbers: the churn report of a period (rates by named formula, per segment, reason or month) and the
 * Prometheus gauges for the dashboards, fed from PostgreSQL and from the consumer's Kafka backlog (a
 * {@link io.churnwatch.scoring.metrics.TopicBacklog} that messaging measures).
 */
package io.churnwatch.scoring.metrics;
