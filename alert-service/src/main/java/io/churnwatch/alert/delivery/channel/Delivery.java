package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.delivery.AlertMessage;
import java.util.List;

/**
 * One message to send: a single alert, or a digest when a channel's rate limit folded several.
 *
 * @param idempotencyKey sent as the {@code Idempotency-Key} header: the same on every retry of the message
 * @param address the email address, for email channels
 * @param title a digest's title, or null
 */
public record Delivery(String idempotencyKey, String address, List<AlertMessage> alerts, String title) {

    public Delivery(String idempotencyKey, String address, List<AlertMessage> alerts) {
        this(idempotencyKey, address, alerts, null);
    }

    /** Several alerts in one message: folded by a rate limit, or a daily or weekly digest ({@code title} set). */
    public boolean isDigest() {
        return title != null || alerts.size() > 1;
    }

    /** The digest's title: its own, or the one of a message folded by a rate limit. */
    public String digestTitle() {
        return title != null ? title : MessageText.digestTitle(alerts);
    }

    /** The message's one line: the digest's title or the alert's headline, in {@code markup}. */
    public String headline(Markup markup) {
        return isDigest() ? markup.escape(digestTitle()) : MessageText.headline(first(), markup);
    }

    public AlertMessage first() {
        return alerts.get(0);
    }
}
