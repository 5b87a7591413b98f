package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Policy overrides per tenant and segment. */
@ApplicationScoped
public class PolicyRepository implements PanacheRepositoryBase<PolicyEntity, PolicyEntity.Key> {

    public Uni<List<PolicyEntity>> ofTenant(String tenantId) {
        return list("tenantId", tenantId);
    }

    public Uni<Long> deleteTenant(String tenantId) {
        return delete("tenantId", tenantId);
    }
}
