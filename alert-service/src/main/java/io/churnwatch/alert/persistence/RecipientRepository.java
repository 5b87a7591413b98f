package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Recipients, always looked up within one tenant. */
@ApplicationScoped
@WithSession
public class RecipientRepository implements PanacheRepositoryBase<Recipient, UUID> {

    public Uni<Recipient> findForTenant(String tenant, UUID id) {
        return id == null
                ? Uni.createFrom().nullItem()
                : find("tenant = ?1 and id = ?2", tenant, id).firstResult();
    }

    public Uni<List<Recipient>> listForTenant(String tenant) {
        return find("tenant", Sort.ascending("createdAt").and("id"), tenant).list();
    }

    /** The active recipient whose email is the customer's owner trait. */
    public Uni<Recipient> findOwner(String tenant, String owner) {
        return owner == null || owner.isBlank()
                ? Uni.createFrom().nullItem()
                : find("tenant = ?1 and lower(email) = lower(?2) and active = true", tenant, owner.trim())
                        .firstResult();
    }
}
