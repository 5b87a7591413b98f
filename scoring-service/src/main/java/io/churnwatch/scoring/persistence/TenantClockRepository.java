package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The tenants' event-time watermarks ({@code scoring.tenant_clocks}), and the tenants that have customers. */
@ApplicationScoped
public class TenantClockRepository {

    /** A tenant's watermark: the latest event time seen. */
    public record Watermark(String tenantId, Instant at) {}

    /** Raises the tenant's watermark to {@code latestEvent} unless it is later already, and returns it (caller's transaction). */
    public Uni<Instant> advance(String tenantId, Instant latestEvent) {
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery("""
                        INSERT INTO scoring.tenant_clocks (tenant_id, watermark) VALUES (?1, ?2)
                        ON CONFLICT (tenant_id) DO UPDATE SET watermark = GREATEST(scoring.tenant_clocks.watermark, EXCLUDED.watermark)""")
                        .setParameter(1, tenantId)
                        .setParameter(2, latestEvent)
                        .executeUpdate()
                        .chain(() -> session.createNativeQuery(
                                        "SELECT watermark FROM scoring.tenant_clocks WHERE tenant_id = ?1",
                                        Instant.class)
                                .setParameter(1, tenantId)
                                .getSingleResult()));
    }

    /** Every tenant with customers, found by skipping through the primary key (one index probe per tenant). */
    public Uni<List<String>> tenantsWithCustomers() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                        WITH RECURSIVE tenants(tenant_id) AS (
                            (SELECT tenant_id FROM scoring.customers ORDER BY tenant_id LIMIT 1)
                            UNION ALL
                            SELECT (SELECT c.tenant_id FROM scoring.customers c WHERE c.tenant_id > t.tenant_id
                                    ORDER BY c.tenant_id LIMIT 1)
                            FROM tenants t WHERE t.tenant_id IS NOT NULL)
                        SELECT tenant_id FROM tenants WHERE tenant_id IS NOT NULL""", String.class).getResultList());
    }

    /** Every tenant's watermark. */
    public Uni<List<Watermark>> watermarks() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "SELECT tenant_id, watermark FROM scoring.tenant_clocks", Object[].class)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(row -> new Watermark((String) row[0], toInstant(row[1])))
                        .toList());
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime time) {
            return time.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
