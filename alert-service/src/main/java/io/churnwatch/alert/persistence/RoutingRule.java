package io.churnwatch.alert.persistence;

import io.churnwatch.events.RiskLevel;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A tenant's rule: which episodes (level, segment, value) go to whom and through which channels. */
@Entity
@Table(name = "routing_rules")
public class RoutingRule extends PanacheEntityBase {

    @Id
    public UUID id;

    public String tenant;
    public String name;
    /** Rules are tried in ascending position; the first match routes. */
    public int position;

    @Enumerated(EnumType.STRING)
    public RiskLevel minLevel;

    public String segment;
    public BigDecimal minMrr;
    /** Team whose members take turns when the customer has no (present) owner. */
    public String team;
    /** JSON array of channel ids notified besides the assignee's own channels. */
    @Column(columnDefinition = "text")
    public String channelIds;

    public Long escalateAfterSeconds;
    public UUID escalateTo;
    public boolean enabled;
    public Instant createdAt;
}
