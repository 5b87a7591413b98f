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

    /** Replaces all of the tenant's overrides with {@code rows}, in the caller's transaction. */
    public Uni<Void> replaceTenant(String tenantId, List<PolicyEntity> rows) {
        return delete("tenantId", tenantId)
                .chain(() -> getSession())
                .chain(session -> session.flush())
                .chain(() -> persist(rows.stream()));
    }
}
