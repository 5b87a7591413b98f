package io.churnwatch.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What an identify or group call says about a customer. Every field is optional; a later event's
 * non-null field replaces the stored one.
 *
 * @param mrr monthly recurring value of the customer, in {@code currency}
 * @param currency ISO-4217 code of {@code mrr}
 * @param segment the customer's segment (for example "enterprise", "smb")
 * @param owner the account owner or CSM responsible for the customer (email or user name)
 * @param signupDate when the customer became a customer, used for tenure
 * @param plan the product plan
 */
public record CustomerTraits(
        BigDecimal mrr, String currency, String segment, String owner, LocalDate signupDate, String plan) {

    public static final CustomerTraits NONE = new CustomerTraits(null, null, null, null, null, null);

    @JsonIgnore
    public boolean isEmpty() {
        return mrr == null
                && currency == null
                && segment == null
                && owner == null
                && signupDate == null
                && plan == null;
    }
}
