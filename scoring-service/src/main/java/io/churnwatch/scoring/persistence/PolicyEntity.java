package io.churnwatch.scoring.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A stored policy override in {@code scoring.policies}; segment '' is the tenant's default. */
@Entity
@Table(name = "policies")
@IdClass(PolicyEntity.Key.class)
public class PolicyEntity {

    public static final String TENANT_DEFAULT = "";

    @Id
    public String tenantId;

    @Id
    public String segment;
    /** The PolicyDocument as JSON. */
    public String document;

    public Instant updatedAt;

    /** Primary key: (tenant, segment). */
    public static class Key implements Serializable {
        public String tenantId;
        public String segment;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && tenantId.equals(key.tenantId) && segment.equals(key.segment);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, segment);
        }
    }
}
