package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person who receives alerts: a customer owner, a team member or a manager. */
@Entity
@Table(name = "recipients")
public class Recipient extends PanacheEntityBase {

    @Id
    public UUID id;

    public String tenant;
    public String name;
    /** Also the key matched against a customer's owner trait. */
    public String email;

    public String team;
    public boolean manager;
    public boolean active;
    /** JSON array of the ids of this recipient's personal channels. */
    @Column(columnDefinition = "text")
    public String channelIds;
    /** Digest frequency: none, daily or weekly. */
    public String digest;

    public Instant createdAt;
}
