package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our generic webhook: the alerts as JSON, signed with HMAC-SHA256 over {@code timestamp + "." + body}
 * in {@code X-ChurnWatch-Signature: v1=<hex>} with the Unix time in {@code X-ChurnWatch-Timestamp}.
 * Receivers should recompute the signature, refuse timestamps older than five minutes, and use the
 * {@code Idempotency-Key} header to drop repeats.
 */
@ApplicationScoped
public class WebhookSender implements ChannelSender {

    public static final String SIGNATURE_HEADER = "X-ChurnWatch-Signature";
    public static final String TIMESTAMP_HEADER = "X-ChurnWatch-Timestamp";

    private final HttpPoster http;
    private final Clock clock;

    public WebhookSender(HttpPoster http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WEBHOOK;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("type", delivery.isDigest() ? "churnwatch.alert.digest" : "churnwatch.alert");
        payload.put("idempotencyKey", delivery.idempotencyKey());
        payload.put("alerts", delivery.alerts());
        payload.put(
                "text",
                delivery.isDigest()
                        ? MessageText.digestPlain(delivery.digestTitle(), delivery.alerts())
                        : MessageText.plain(delivery.first()));
        byte[] body = Json.bytes(payload);
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TIMESTAMP_HEADER, Long.toString(timestamp));
        if (channel.secret() != null && !channel.secret().isEmpty()) {
            headers.put(SIGNATURE_HEADER, Signatures.webhook(channel.secret(), timestamp, body));
        }
        return http.post(
                channel.url(), delivery.idempotencyKey(), headers, body, reply -> DeliveryResult.ok(reply.status()));
    }
}
