/**
 * Tenant policies: the overrides of the documented scoring defaults a tenant stores for itself and per segment
 * (weights, thresholds, rules, how learned probabilities become levels), cached for a few seconds.
 */
package io.churnwatch.scoring.policy;
