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

/** One alert episode: a customer's risk of one kind, from opening to resolution. */
@Entity
@Table(name = "episodes")
public class Episode extends PanacheEntityBase {

    @Id
    public UUID id;

    public String tenant;
    public String customerId;
    public String kind;

    @Enumerated(EnumType.STRING)
    public EpisodeState state;

    @Enumerated(EnumType.STRING)
    public RiskLevel level;

    public double score;
    public double priority;

    @Enumerated(EnumType.STRING)
    public RiskLevel notifiedLevel;

    public Double notifiedScore;
    /** The last applied RiskChange as contract JSON: what the inbox and the messages show. */
    @Column(columnDefinition = "text")
    public String lastChange;

    public String segment;
    public BigDecimal mrr;
    public String owner;
    public UUID assignee;
    public boolean ownerLeft;
    public UUID ruleId;
    public Instant openedAt;
    public Instant updatedAt;
    public Instant acknowledgedAt;
    public Instant snoozedUntil;
    public Instant escalatedAt;
    public Instant resolvedAt;
    public String outcome;
    public String reason;
    public String resolutionNote;
    /** When the team recorded that a churned customer came back (only on episodes resolved as churned). */
    public Instant wonBackAt;

    public int reopenCount;
    public int notifications;

    public boolean isOpen() {
        return state != EpisodeState.RESOLVED;
    }
}
