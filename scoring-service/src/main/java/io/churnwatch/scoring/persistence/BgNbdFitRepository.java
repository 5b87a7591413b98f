package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Per-tenant BG/NBD parameters. */
@ApplicationScoped
public class BgNbdFitRepository implements PanacheRepositoryBase<BgNbdFitEntity, String> {

    /** Stores the tenant's fit, replacing the one before; in the caller's transaction. */
    public Uni<BgNbdFitEntity> save(BgNbdFitEntity fit) {
        return getSession().chain(session -> session.merge(fit));
    }
}
