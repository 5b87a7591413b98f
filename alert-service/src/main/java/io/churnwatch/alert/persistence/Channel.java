package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A delivery channel of a tenant. {@code target} and {@code secret} are secrets: never returned nor logged, and
 * stored encrypted ({@link ChannelSecrets}).
 */
@Entity
@Table(name = "channels")
public class Channel extends PanacheEntityBase {

    @Id
    public UUID id;

    public String tenant;
    public String name;

    @Enumerated(EnumType.STRING)
    public ChannelType type;
    /** The webhook URL, or for email a fixed mailbox (when empty, each recipient's address is used). */
    @Convert(converter = SecretColumn.class)
    public String target;

    @Convert(converter = SecretColumn.class)
    public String secret;

    public boolean enabled;
    public Instant createdAt;
}
