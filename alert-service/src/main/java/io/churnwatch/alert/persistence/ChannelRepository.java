package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Channels, always looked up within one tenant. */
@ApplicationScoped
@WithSession
public class ChannelRepository implements PanacheRepositoryBase<Channel, UUID> {

    public Uni<Channel> findForTenant(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResult();
    }

    public Uni<List<Channel>> listForTenant(String tenant) {
        return find("tenant", Sort.ascending("createdAt"), tenant).list();
    }

    public Uni<List<Channel>> findAll(String tenant, Collection<UUID> ids) {
        return ids.isEmpty()
                ? Uni.createFrom().item(List.of())
                : find("tenant = ?1 and id in ?2", tenant, ids).list();
    }
}
