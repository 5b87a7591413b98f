package io.churnwatch.scoring.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.events.ContractJson;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.churnwatch.scoring.clock.ScoringClock;
import io.churnwatch.scoring.model.Priority;
import io.churnwatch.scoring.persistence.CustomerEntity;
import io.churnwatch.scoring.persistence.CustomerKey;
import io.churnwatch.scoring.persistence.CustomerRepository;
import io.churnwatch.scoring.persistence.HistoryRepository;
import io.churnwatch.scoring.persistence.ScoreHistoryEntity;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;

/** Read side of customers' risk, always within one tenant; an unknown customer is a 404 problem. */
@ApplicationScoped
public class CustomerQueries {

    private static final int TIMELINE_LIMIT = 200;
    private static final TypeReference<List<RiskFactor>> FACTORS = new TypeReference<>() {};

    private final CustomerRepository customers;
    private final HistoryRepository history;
    private final ScoringClock clock;

    public CustomerQueries(CustomerRepository customers, HistoryRepository history, ScoringClock clock) {
        this.customers = customers;
        this.history = history;
        this.clock = clock;
    }

    @WithSession
    public Uni<CustomerViews.Risk> risk(String tenantId, String customerId) {
        return find(tenantId, customerId)
                .chain(c -> history.latestScores(tenantId, customerId, 1)
                        .map(latest -> new CustomerViews.Risk(
                                c.customerId,
                                c.score,
                                c.level,
                                latest.isEmpty() ? List.of() : factors(latest.get(0)),
                                c.pAlive,
                                c.priority,
                                c.status.name().toLowerCase(),
                                c.segment,
                                c.owner,
                                c.mrr,
                                Priority.tenureDays(c.signupDate, clock.wallNow()),
                                c.scoredAt,
                                c.nextDueAt)));
    }

    @WithSession
    public Uni<CustomerViews.Timeline> timeline(String tenantId, String customerId) {
        return find(tenantId, customerId)
                .chain(c -> history.latestEvents(tenantId, customerId, TIMELINE_LIMIT)
                        .chain(events -> history.latestScores(tenantId, customerId, TIMELINE_LIMIT)
                                .map(scores -> new CustomerViews.Timeline(
                                        customerId,
                                        oldestFirst(events).stream()
                                                .map(e -> new CustomerViews.TimelineEvent(
                                                        e.messageId, e.type, e.occurredAt, json(e.properties)))
                                                .toList(),
                                        oldestFirst(scores).stream()
                                                .map(s -> new CustomerViews.TimelineScore(
                                                        s.scoredAt,
                                                        s.score,
                                                        s.level,
                                                        s.priority,
                                                        s.pAlive,
                                                        s.cause.name().toLowerCase()))
                                                .toList()))));
    }

    /** Where a keyset page starts: after this sort value and, among equal values, after this customer id. */
    public record After(double value, String customerId) {}

    /** A page of customers, and the position after its last one when more follow (else null). */
    public record Found(int page, int size, long total, List<CustomerViews.Summary> items, After last) {}

    /**
     * A page of the tenant's customers sorted by {@code sort} (priority or score, highest first, or customerId), each
     * tie broken by customer id: after {@code after} when given (keyset), else page number {@code page} (offset).
     */
    @WithSession
    public Uni<Found> list(
            String tenantId, RiskLevel level, String segment, String sort, After after, int page, int size) {
        boolean byId = "customerId".equals(sort);
        // One row more than the page, to tell whether another page follows.
        Uni<List<CustomerEntity>> rows = after != null
                ? customers.listed(tenantId, level, segment, sort, after.value(), after.customerId(), 0, size)
                : customers.listed(tenantId, level, segment, sort, null, null, page * size, page * size + size);
        return customers
                .countListed(tenantId, level, segment)
                .chain(total -> rows.map(found -> {
                    List<CustomerEntity> items = found.size() > size ? found.subList(0, size) : found;
                    CustomerEntity last = found.size() > size ? items.get(size - 1) : null;
                    return new Found(
                            after == null ? page : 0,
                            size,
                            total,
                            items.stream()
                                    .map(c -> new CustomerViews.Summary(
                                            c.customerId,
                                            c.score,
                                            c.level,
                                            c.priority,
                                            c.segment,
                                            c.owner,
                                            c.mrr,
                                            c.status.name().toLowerCase()))
                                    .toList(),
                            last == null
                                    ? null
                                    : new After(
                                            byId ? 0 : "score".equals(sort) ? last.score : last.priority,
                                            last.customerId));
                }));
    }

    private Uni<CustomerEntity> find(String tenantId, String customerId) {
        return customers
                .findById(new CustomerKey(tenantId, customerId))
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.of(ProblemType.NOT_FOUND, "No customer '" + customerId + "'"));
    }

    private static <T> List<T> oldestFirst(List<T> newestFirst) {
        List<T> copy = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private static List<RiskFactor> factors(ScoreHistoryEntity row) {
        try {
            return ContractJson.mapper().readValue(row.factors, FACTORS);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static JsonNode json(String text) {
        try {
            return text == null ? null : ContractJson.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
