package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Routing rules, always looked up within one tenant. */
@ApplicationScoped
@WithSession
public class RoutingRuleRepository implements PanacheRepositoryBase<RoutingRule, UUID> {

    public Uni<RoutingRule> findForTenant(String tenant, UUID id) {
        return id == null
                ? Uni.createFrom().nullItem()
                : find("tenant = ?1 and id = ?2", tenant, id).firstResult();
    }

    /** A tenant's rules in the order they are tried. */
    public Uni<List<RoutingRule>> listForTenant(String tenant) {
        return find("tenant", Sort.ascending("position").and("createdAt"), tenant)
                .list();
    }
}
