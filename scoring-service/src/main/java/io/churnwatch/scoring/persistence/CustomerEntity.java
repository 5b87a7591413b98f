package io.churnwatch.scoring.persistence;

import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.model.CustomerStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One customer's row in {@code scoring.customers}: the query columns, the activity summary BG/NBD reads,
 * and the pure core's {@link CustomerState} as JSON ({@link CustomerStateJson}).
 */
@Entity
@Table(name = "customers")
@IdClass(CustomerKey.class)
public class CustomerEntity {

    @Id
    public String tenantId;

    @Id
    public String customerId;

    @Enumerated(EnumType.STRING)
    public CustomerStatus status = CustomerStatus.ACTIVE;

    public Instant statusChangedAt;

    @Enumerated(EnumType.STRING)
    public RiskLevel level = RiskLevel.LOW;

    public double score;
    /** The score last announced in a risk change: the base of the score-move threshold. */
    public double reportedScore;
    /** The score of the last score-history row: the base of {@code churnwatch.scoring.history-min-move}. */
    public Double historyScore;

    public double priority;

    @Column(name = "p_alive")
    public Double pAlive;

    public String segment;
    public String owner;
    public String plan;
    public BigDecimal mrr;
    public String currency;
    public LocalDate signupDate;
    public Instant firstSeenAt;
    public Instant lastEventAt;
    public Instant lastActivityAt;
    public Instant firstActivityAt;
    /** Distinct UTC days with activity, counted in event-time order (a late event on a new day is not counted). */
    public int activityDays;

    public Instant scoredAt;
    public Instant nextDueAt;
    /** Activity events in all (the state's count), for the peers' median. */
    public int activityTotal;
    /** When the customer's features were last kept for training. */
    public Instant snapshotAt;

    public String state;

    public static CustomerEntity create(String tenantId, String customerId) {
        CustomerEntity entity = new CustomerEntity();
        entity.tenantId = tenantId;
        entity.customerId = customerId;
        entity.state = CustomerStateJson.write(new CustomerState());
        return entity;
    }

    public CustomerState toState() {
        return CustomerStateJson.read(state);
    }

    /** Copies the state into the JSON document and the query columns. */
    public void store(CustomerState s) {
        state = CustomerStateJson.write(s);
        status = s.getStatus();
        statusChangedAt = s.getStatusChangedAt();
        level = s.getLevel();
        score = s.getScore();
        segment = s.getSegment();
        owner = s.getOwner();
        plan = s.getPlan();
        mrr = s.getMrr();
        currency = s.getCurrency();
        signupDate = s.getSignupDate();
        firstSeenAt = s.getFirstSeenAt();
        lastEventAt = s.getLastEventAt();
        lastActivityAt = s.getLastActivityAt();
        scoredAt = s.getScoredAt();
        nextDueAt = s.getNextDueAt();
        activityTotal = s.getActivity().total();
    }
}
