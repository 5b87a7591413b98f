package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A message waiting for (or done with) delivery to one channel; written in the episode's transaction. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends PanacheEntityBase {

    @Id
    public UUID id;

    public String tenant;
    public UUID episodeId;
    public UUID channelId;
    public UUID recipientId;
    public String address;
    /** alert, escalation or reopened. */
    public String purpose;
    /** The rendered-independent message (AlertMessage) as JSON. */
    @Column(columnDefinition = "text")
    public String message;

    public String idempotencyKey;
    public String state;
    public int attempts;
    public Instant nextAttemptAt;
    public Instant claimedAt;
    public Instant sentAt;
    public String digestKey;
    public String lastError;
    public Instant createdAt;
}
