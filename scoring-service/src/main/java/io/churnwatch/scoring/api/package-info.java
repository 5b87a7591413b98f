/**
 * The REST layer: JAX-RS resources ({@code /v1/customers}, {@code /v1/metrics/churn}, {@code /v1/policies}), query
 * parameter checks and the customer list's cursor. Resources call the feature packages; nothing in the service
 * depends on this package.
 */
package io.churnwatch.scoring.api;
