package io.churnwatch.scoring.persistence;

import io.churnwatch.events.RiskLevel;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Customers' scoring rows. */
@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<CustomerEntity, CustomerKey> {

    /**
     * The rows of these customers of one tenant, locked for update, in one query, and detached from the
     * session: changes to them are written by {@link BulkWriter#upsertCustomers}, not by dirty checking.
     */
    public Uni<List<CustomerEntity>> lockAll(String tenantId, Collection<String> customerIds) {
        // One statement whatever the number of ids, and a join the planner runs as primary-key probes: an IN list
        // is a new statement per size, and "= ANY(array)" in a cached generic plan was a filter over a full scan.
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("""
                        SELECT c.* FROM unnest(cast(?2 as text[])) AS k(customer_id)
                        JOIN scoring.customers c ON c.tenant_id = ?1 AND c.customer_id = k.customer_id FOR UPDATE OF c""", CustomerEntity.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, customerIds.toArray(String[]::new))
                        .getResultList()
                        .call(found -> Panache.getSession().invoke(s -> found.forEach(s::detach))));
    }

    /**
     * Up to {@code limit} customers whose next due time is at or before {@code now}, locked, skipping rows
     * another transaction holds (the consumer or another instance's scan): uses the partial index on
     * next_due_at, so the cost grows with the due customers only. {@code tenantId} null means every tenant.
     */
    public Uni<List<CustomerEntity>> lockDue(String tenantId, Instant now, int limit) {
        String sql = "SELECT * FROM scoring.customers WHERE next_due_at <= ?1"
                + (tenantId == null ? "" : " AND tenant_id = ?3")
                + " ORDER BY next_due_at LIMIT ?2 FOR UPDATE SKIP LOCKED";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, CustomerEntity.class)
                    .setParameter(1, now)
                    .setParameter(2, limit);
            if (tenantId != null) {
                query.setParameter(3, tenantId);
            }
            return query.getResultList();
        });
    }

    /** How many of the tenant's customers the list shows: all, or those of a level and/or a segment (null: any). */
    public Uni<Long> countListed(String tenantId, RiskLevel level, String segment) {
        Map<String, Object> parameters = new HashMap<>();
        return find(listFilter(tenantId, level, segment, parameters), parameters)
                .count();
    }

    /**
     * The list's rows from index {@code from} to {@code to} (both included), sorted by {@code sort} (priority or score,
     * highest first, or customerId), each tie broken by customer id; with {@code afterId}, only rows after that
     * position (keyset: after {@code afterValue} of the sort, and among equal values after {@code afterId}).
     */
    public Uni<List<CustomerEntity>> listed(
            String tenantId,
            RiskLevel level,
            String segment,
            String sort,
            Double afterValue,
            String afterId,
            int from,
            int to) {
        Map<String, Object> parameters = new HashMap<>();
        StringBuilder where = new StringBuilder(listFilter(tenantId, level, segment, parameters));
        boolean byId = "customerId".equals(sort);
        if (afterId != null) {
            where.append(
                    byId
                            ? " and customerId > :afterId"
                            : " and (" + sort + " < :afterValue or (" + sort
                                    + " = :afterValue and customerId > :afterId))");
            parameters.put("afterId", afterId);
            if (!byId) {
                parameters.put("afterValue", afterValue);
            }
        }
        Sort order = byId ? Sort.by("customerId") : Sort.descending(sort).and("customerId");
        return find(where.toString(), order, parameters).range(from, to).list();
    }

    private static String listFilter(String tenantId, RiskLevel level, String segment, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        parameters.put("tenant", tenantId);
        if (level != null) {
            where.append(" and level = :level");
            parameters.put("level", level);
        }
        if (segment != null) {
            where.append(" and segment = :segment");
            parameters.put("segment", segment);
        }
        return where.toString();
    }

    /** One customer's activity as BG/NBD reads it. */
    public record ActivitySpan(Instant firstActivityAt, Instant lastActivityAt, int activityDays) {}

    /**
     * The activity spans of a tenant's customers with any activity, the most recently active first, at most
     * {@code limit}: only these three columns, since whole rows (their state JSON) cost ten times the bytes.
     */
    public Uni<List<ActivitySpan>> activitySpans(String tenantId, int limit) {
        return Panache.getSession()
                .chain(s -> s.createSelectionQuery(
                                "select new " + ActivitySpan.class.getName()
                                        + "(c.firstActivityAt, c.lastActivityAt, c.activityDays) from CustomerEntity c"
                                        + " where c.tenantId = ?1 and c.activityDays > 0 order by c.lastActivityAt desc",
                                ActivitySpan.class)
                        .setParameter(1, tenantId)
                        .setMaxResults(limit)
                        .getResultList());
    }
}
