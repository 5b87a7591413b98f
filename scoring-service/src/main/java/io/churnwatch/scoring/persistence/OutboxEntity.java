package io.churnwatch.scoring.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Kafka record waiting in {@code scoring.outbox}: written in the transaction that produced it,
 * relayed afterwards, {@code sentAt} set once Kafka acknowledged it.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String topic;
    public String recordKey;
    public byte[] payload;
    /** RiskChange.changeId for risk changes; null for dead letters. */
    public String changeId;

    public String tenantId;
    /** Why the record was dead-lettered; null for risk changes. */
    public String dlqReason;

    public Instant createdAt = Instant.now();
    public Instant sentAt;
}
