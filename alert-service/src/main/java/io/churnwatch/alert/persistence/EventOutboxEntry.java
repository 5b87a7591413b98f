package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An AlertEvent waiting for (or done with) its way to {@code churnwatch.alerts.v1}; written in the episode's transaction. */
@Entity
@Table(name = "event_outbox")
public class EventOutboxEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String tenant;
    public java.util.UUID episodeId;
    /** The Kafka key: {@code tenant:customerId}, so one customer's events stay in order. */
    public String recordKey;
    /** The AlertEvent as contract JSON. */
    @Column(columnDefinition = "text")
    public String payload;

    public Instant createdAt;
    public Instant sentAt;
}
