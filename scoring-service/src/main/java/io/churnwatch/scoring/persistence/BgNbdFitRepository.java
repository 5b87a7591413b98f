package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Per-tenant BG/NBD parameters. */
@ApplicationScoped
public class BgNbdFitRepository implements PanacheRepositoryBase<BgNbdFitEntity, String> {
}
