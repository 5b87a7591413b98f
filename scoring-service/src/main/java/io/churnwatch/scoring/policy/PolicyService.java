package io.churnwatch.scoring.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.churnwatch.events.ContractJson;
import io.churnwatch.scoring.persistence.PolicyEntity;
import io.churnwatch.scoring.persistence.PolicyRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Policies per tenant and segment, stored in PostgreSQL and cached for a few seconds: a change made on
 * one instance applies there at once and everywhere else within the cache time.
 */
@ApplicationScoped
public class PolicyService {

    private static final long TTL_NANOS = Duration.ofSeconds(10).toNanos();

    private record Cached(TenantPolicies policies, long expiresAt) {}

    private final PolicyRepository repository;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public PolicyService(PolicyRepository repository) {
        this.repository = repository;
    }

    /** The tenant's overrides; runs in the caller's session. */
    public Uni<TenantPolicies> policies(String tenantId) {
        Cached cached = cache.get(tenantId);
        if (cached != null && cached.expiresAt() > System.nanoTime()) {
            return Uni.createFrom().item(cached.policies());
        }
        return repository
                .ofTenant(tenantId)
                .map(PolicyService::toPolicies)
                .invoke(policies -> cache.put(tenantId, new Cached(policies, System.nanoTime() + TTL_NANOS)));
    }

    @WithSession
    public Uni<TenantPolicies> read(String tenantId) {
        return policies(tenantId);
    }

    /** Replaces every override of the tenant. */
    @WithTransaction
    public Uni<TenantPolicies> replace(String tenantId, TenantPolicies policies) {
        Instant now = Instant.now();
        List<PolicyEntity> rows = new java.util.ArrayList<>();
        if (policies.tenantDefault() != null) {
            rows.add(entity(tenantId, PolicyEntity.TENANT_DEFAULT, policies.tenantDefault(), now));
        }
        policies.segments().forEach((segment, document) -> rows.add(entity(tenantId, segment, document, now)));
        return repository
                .replaceTenant(tenantId, rows)
                .invoke(() -> cache.remove(tenantId))
                .replaceWith(policies);
    }

    private static TenantPolicies toPolicies(List<PolicyEntity> rows) {
        PolicyDocument tenantDefault = null;
        Map<String, PolicyDocument> segments = new HashMap<>();
        for (PolicyEntity row : rows) {
            PolicyDocument document = parse(row.document);
            if (PolicyEntity.TENANT_DEFAULT.equals(row.segment)) {
                tenantDefault = document;
            } else {
                segments.put(row.segment, document);
            }
        }
        return new TenantPolicies(tenantDefault, segments);
    }

    private static PolicyEntity entity(String tenantId, String segment, PolicyDocument document, Instant now) {
        PolicyEntity entity = new PolicyEntity();
        entity.tenantId = tenantId;
        entity.segment = segment;
        entity.updatedAt = now;
        try {
            entity.document = ContractJson.mapper().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return entity;
    }

    private static PolicyDocument parse(String json) {
        try {
            return ContractJson.mapper().readValue(json, PolicyDocument.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
