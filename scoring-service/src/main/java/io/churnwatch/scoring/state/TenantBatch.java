package io.churnwatch.scoring.state;

import io.churnwatch.scoring.alive.AliveModels;
import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.model.BgNbdModel;
import io.churnwatch.scoring.model.CustomerState;
import io.churnwatch.scoring.model.SignalPolicy;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.CustomerEventEntity;
import io.churnwatch.scoring.persistence.CustomerRepository;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
import io.churnwatch.scoring.policy.PolicyService;
import io.churnwatch.scoring.policy.TenantPolicies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One tenant's part of a batch, in the caller's transaction: loads (and locks) all its customers in one
 * query, applies each customer's events in event-time order with the pure core, rescores once per
 * customer and adds the rows to the batch's {@link BatchRows}, written in bulk at the end. The loaded
 * customers are detached: the bulk upsert writes them, not Hibernate's dirty checking (one UPDATE each).
 */
@ApplicationScoped
public class TenantBatch {

    private static final int MAX_PROPERTIES_CHARS = 4000;

    private final CustomerRepository customers;
    private final PolicyService policies;
    private final AliveModels alive;
    private final ScoringClock clock;
    private final Rescoring rescoring;
    private final StateCache states;

    public TenantBatch(
            CustomerRepository customers,
            PolicyService policies,
            AliveModels alive,
            ScoringClock clock,
            Rescoring rescoring,
            StateCache states) {
        this.customers = customers;
        this.policies = policies;
        this.alive = alive;
        this.clock = clock;
        this.rescoring = rescoring;
        this.states = states;
    }

    /** Applies the events; returns how many were applied. Events that fail to apply become dead letters in {@code rows}. */
    Uni<Integer> apply(String tenantId, List<DecodedEvent> events, BatchRows rows) {
        Map<String, List<DecodedEvent>> byCustomer = events.stream()
                .collect(Collectors.groupingBy(
                        e -> e.event().customerId(), java.util.LinkedHashMap::new, Collectors.toList()));
        Instant latest = events.stream()
                .map(e -> e.event().timestamp())
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return policies.policies(tenantId)
                .chain(tenantPolicies -> alive.model(tenantId)
                        .chain(model -> clock.advance(tenantId, latest)
                                .chain(now -> customers
                                        .lockAll(tenantId, byCustomer.keySet())
                                        .map(found -> {
                                            Map<String, CustomerEntity> existing = found.stream()
                                                    .collect(Collectors.toMap(c -> c.customerId, Function.identity()));
                                            int applied = 0;
                                            for (Map.Entry<String, List<DecodedEvent>> entry : byCustomer.entrySet()) {
                                                CustomerEntity customer = existing.get(entry.getKey());
                                                if (customer == null) {
                                                    customer = CustomerEntity.create(tenantId, entry.getKey());
                                                }
                                                CustomerState state = states.take(customer);
                                                int count = applyCustomer(
                                                        customer,
                                                        state,
                                                        entry.getValue(),
                                                        tenantPolicies,
                                                        model,
                                                        now,
                                                        rows);
                                                if (count > 0) {
                                                    rows.customers.add(customer);
                                                    rows.states.add(state);
                                                }
                                                applied += count;
                                            }
                                            return applied;
                                        }))));
    }

    private int applyCustomer(
            CustomerEntity customer,
            CustomerState state,
            List<DecodedEvent> events,
            TenantPolicies tenantPolicies,
            Optional<BgNbdModel> model,
            Instant now,
            BatchRows rows) {
        SignalPolicy policy = tenantPolicies.forSegment(state.getSegment());
        List<DecodedEvent> ordered = new ArrayList<>(events);
        ordered.sort(
                Comparator.comparing((DecodedEvent e) -> e.event().timestamp()).thenComparing(DecodedEvent::offset));
        int applied = 0;
        for (DecodedEvent event : ordered) {
            try {
                ActivityDays.count(customer, state, event.scoring(), policy);
                state.apply(event.scoring(), policy);
                rows.events.add(eventRow(event));
                OutcomeDecoder.fromEvent(event.event()).ifPresent(rows.outcomes::add);
                applied++;
            } catch (RuntimeException e) {
                rows.deadLetters.add(BatchScoring.deadLetter(event.event(), e));
            }
        }
        if (applied == 0) {
            return 0;
        }
        // On event time the customer is scored at their own latest event: the tenant's watermark may run ahead
        // of this customer's partition during a replay, and scoring at it would invent a usage gap.
        Instant at = clock.eventTime() || now.isBefore(state.getLastEventAt()) ? state.getLastEventAt() : now;
        rows.add(rescoring.rescore(customer, state, tenantPolicies, model, at, ScoreHistoryEntity.Cause.EVENT));
        return applied;
    }

    private static CustomerEventEntity eventRow(DecodedEvent decoded) {
        CustomerEventEntity row = new CustomerEventEntity();
        row.tenantId = decoded.event().tenant();
        row.customerId = decoded.event().customerId();
        row.messageId = decoded.event().messageId();
        row.type = decoded.event().type();
        row.occurredAt = decoded.event().timestamp();
        String properties = decoded.event().properties() == null
                ? null
                : decoded.event().properties().toString();
        row.properties = properties != null && properties.length() > MAX_PROPERTIES_CHARS ? null : properties;
        return row;
    }
}
