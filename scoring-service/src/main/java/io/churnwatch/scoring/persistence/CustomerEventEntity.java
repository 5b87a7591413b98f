package io.churnwatch.scoring.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One applied event in {@code scoring.customer_events}: the timeline and the churn metrics read it. */
@Entity
@Table(name = "customer_events")
public class CustomerEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String tenantId;
    public String customerId;
    public String messageId;
    public String type;
    public Instant occurredAt;
    /** The event's properties as JSON text. */
    public String properties;
}
