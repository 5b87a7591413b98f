package io.churnwatch.scoring.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A tenant's latest BG/NBD parameters in {@code scoring.bgnbd_fits}. */
@Entity
@Table(name = "bgnbd_fits")
public class BgNbdFitEntity {

    @Id
    public String tenantId;

    public double r;
    public double alpha;
    public double a;
    public double b;
    public int customers;
    public double logLikelihood;
    public Instant fittedAt;
}
