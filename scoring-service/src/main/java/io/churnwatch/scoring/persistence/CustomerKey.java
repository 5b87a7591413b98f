package io.churnwatch.scoring.persistence;

import java.io.Serializable;
import java.util.Objects;

/** Primary key of {@link CustomerEntity}: (tenant, customer). */
public class CustomerKey implements Serializable {

    public String tenantId;
    public String customerId;

    public CustomerKey() {}

    public CustomerKey(String tenantId, String customerId) {
        this.tenantId = tenantId;
        this.customerId = customerId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomerKey key && tenantId.equals(key.tenantId) && customerId.equals(key.customerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, customerId);
    }
}
