package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;

/** How many re-notifications one recipient got on one UTC day. */
@Entity
@Table(name = "recipient_days")
public class RecipientDay extends PanacheEntityBase {

    /** {@code tenant/recipient/day}. */
    @Id
    public String id;

    public LocalDate day;
    public int sent;
}
