/**
 * The pure scoring core: customer state and how events change it, the rules (signals, usage gaps, engagement, NPS)
 * and their explained score, levels with hysteresis, BG/NBD, priority and playbooks, the learned model's features and
 * churn metrics. Plain Java on the event contract (and Commons Math): no framework, no I/O, so it is tested without
 * Quarkus and reused by the benchmarks.
 */
package io.churnwatch.scoring.model;
