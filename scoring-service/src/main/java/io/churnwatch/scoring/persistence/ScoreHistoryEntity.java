package io.churnwatch.scoring.persistence;

import io.churnwatch.events.RiskLevel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One recorded assessment in {@code scoring.score_history}. */
@Entity
@Table(name = "score_history")
public class ScoreHistoryEntity {

    /** Why a customer was scored: an event, the gap scan, or an outcome recorded in the inbox. */
    public enum Cause {
        EVENT,
        GAP_SCAN,
        OUTCOME
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String tenantId;
    public String customerId;
    public Instant scoredAt;
    public double score;

    @Enumerated(EnumType.STRING)
    public RiskLevel level;

    public double priority;

    @Column(name = "p_alive")
    public Double pAlive;

    @Enumerated(EnumType.STRING)
    public Cause cause;
    /** The factors as a JSON array of RiskFactor. */
    public String factors;
}
