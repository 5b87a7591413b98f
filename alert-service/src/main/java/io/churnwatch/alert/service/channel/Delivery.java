package io.churnwatch.alert.service.channel;

import io.churnwatch.alert.service.AlertMessage;
import java.util.List;

/**
 * One message to send: a single alert, or a digest when a channel's rate limit folded several.
 *
 * @param idempotencyKey sent as the {@code Idempotency-Key} header: the same on every retry of the message
 * @param address the email address, for email channels
 */
public record Delivery(String idempotencyKey, String address, List<AlertMessage> alerts) {

    public boolean isDigest() {
        return alerts.size() > 1;
    }

    public AlertMessage first() {
        return alerts.get(0);
    }
}
