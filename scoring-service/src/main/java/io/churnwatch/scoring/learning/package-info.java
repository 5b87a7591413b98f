/**
 * The learned churn model: per tenant, snapshots of customers' features are kept, labelled later from
 * outcomes (with right-censoring), and an XGBoost model is trained on event time, calibrated to the
 * probability of churn within the horizon and versioned in PostgreSQL. The rules score a tenant until it
 * has enough churns; then the model's probability sets the level. Owns the peer statistics too.
 */
package io.churnwatch.scoring.learning;
