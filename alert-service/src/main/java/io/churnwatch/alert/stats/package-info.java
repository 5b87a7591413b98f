/**
 * Numbers about alerts: a tenant's statistics (by state, time to acknowledge, precision, win-back rate) and the
 * business metrics for operations dashboards.
 */
package io.churnwatch.alert.stats;
