package io.churnwatch.scoring.state;

import io.churnwatch.scoring.alive.AliveModels;
import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.model.CustomerStatus;
import io.churnwatch.scoring.persistence.BulkWriter;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.CustomerRepository;
import io.churnwatch.scoring.persistence.LearningStore;
import io.churnwatch.scoring.persistence.OutboxEntity;
import io.churnwatch.scoring.persistence.OutcomeRow;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
import io.churnwatch.scoring.policy.PolicyService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Applies the inbox's outcomes to the customers' states, in the caller's transaction: an episode resolved as
 * churned marks the customer churned, as an integrator's churned event does; a won-back customer is active again,
 * so scoring treats them as any other. The latest outcome in event time wins ({@link CustomerState#changeStatus}).
 * Each changed customer is rescored once; a churn recorded this way is not announced as a risk change (the team
 * knows: it resolved the episode, which a change to critical would reopen), a win-back is.
 */
@ApplicationScoped
public class OutcomeStatuses {

    private final CustomerRepository customers;
    private final PolicyService policies;
    private final AliveModels alive;
    private final ScoringClock clock;
    private final Rescoring rescoring;
    private final BulkWriter writer;
    private final LearningStore learning;

    public OutcomeStatuses(
            CustomerRepository customers,
            PolicyService policies,
            AliveModels alive,
            ScoringClock clock,
            Rescoring rescoring,
            BulkWriter writer,
            LearningStore learning) {
        this.learning = learning;
        this.customers = customers;
        this.policies = policies;
        this.alive = alive;
        this.clock = clock;
        this.rescoring = rescoring;
        this.writer = writer;
    }

    /** Applies the status outcomes among {@code outcomes}; returns the risk changes to put into the outbox. */
    Uni<List<OutboxEntity>> apply(List<OutcomeRow> outcomes) {
        Map<String, List<OutcomeRow>> byTenant = new TreeMap<>();
        outcomes.stream()
                .filter(OutcomeRow::changesStatus)
                .forEach(o -> byTenant.computeIfAbsent(o.tenantId(), t -> new ArrayList<>())
                        .add(o));
        BatchRows rows = new BatchRows(List.of());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<OutcomeRow>> tenant : byTenant.entrySet()) {
            chain = chain.chain(() -> applyTenant(tenant.getKey(), tenant.getValue(), rows));
        }
        return chain.chain(() -> writer.upsertCustomers(rows.customers))
                .chain(() -> writer.insertHistory(rows.history))
                .chain(() -> learning.insertSnapshots(rows.snapshots))
                .replaceWith(rows.riskChanges);
    }

    private Uni<Void> applyTenant(String tenantId, List<OutcomeRow> outcomes, BatchRows rows) {
        Map<String, List<OutcomeRow>> byCustomer = new TreeMap<>();
        outcomes.forEach(o -> byCustomer
                .computeIfAbsent(o.customerId(), c -> new ArrayList<>())
                .add(o));
        return policies.policies(tenantId)
                .chain(tenantPolicies -> alive.model(tenantId)
                        .chain(model -> customers
                                .lockAll(tenantId, new TreeSet<>(byCustomer.keySet()))
                                .invoke(found -> {
                                    for (CustomerEntity customer : found) {
                                        CustomerState state = customer.toState();
                                        List<OutcomeRow> own = new ArrayList<>(byCustomer.get(customer.customerId));
                                        own.sort(Comparator.comparing(OutcomeRow::occurredAt));
                                        boolean taken = false;
                                        for (OutcomeRow outcome : own) {
                                            CustomerStatus status = OutcomeRow.CHURNED.equals(outcome.kind())
                                                    ? CustomerStatus.CHURNED
                                                    : CustomerStatus.ACTIVE;
                                            taken |= state.changeStatus(status, outcome.occurredAt());
                                        }
                                        if (!taken) {
                                            continue;
                                        }
                                        Instant at = scoreAt(state);
                                        rows.add(
                                                state.churned()
                                                        ? rescoring.rescoreUnannounced(
                                                                customer, state, tenantPolicies, model, at)
                                                        : rescoring.rescore(
                                                                customer,
                                                                state,
                                                                tenantPolicies,
                                                                model,
                                                                at,
                                                                ScoreHistoryEntity.Cause.OUTCOME));
                                        rows.customers.add(customer);
                                    }
                                })))
                .replaceWithVoid();
    }

    /** The wall clock's time; on event time (a replay), the customer's latest event, as an event's rescoring does. */
    private Instant scoreAt(CustomerState state) {
        Instant now = clock.wallNow();
        Instant last = state.getLastEventAt();
        return last != null && (clock.eventTime() || now.isBefore(last)) ? last : now;
    }
}
