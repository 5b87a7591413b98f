package io.churnwatch.scoring.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A processed message id in {@code scoring.processed_messages}, keyed by its 128-bit hash. */
@Entity
@Table(name = "processed_messages")
public class ProcessedMessageEntity {

    @Id
    public UUID idHash;

    public Instant processedAt;
}
