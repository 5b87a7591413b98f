package io.churnwatch.scoring.model;

/** Whether a customer is still a customer: {@code churned} and {@code won_back} events switch it. */
public enum CustomerStatus {
    ACTIVE,
    CHURNED
}
