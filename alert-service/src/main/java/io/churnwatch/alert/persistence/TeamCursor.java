package io.churnwatch.alert.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Whose turn it is in a team's round robin. */
@Entity
@Table(name = "team_cursors")
public class TeamCursor extends PanacheEntityBase {

    /** {@code tenant/team}. */
    @Id
    public String id;

    public long turn;
}
