package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/**
 * DingTalk custom robot: a markdown message to the robot URL ({@code ...?access_token=...}). With a
 * secret, the request is signed: {@code timestamp} (milliseconds) and {@code sign} = URL-encoded Base64
 * of HmacSHA256(secret, timestamp + "\n" + secret) as query parameters. DingTalk answers 200 with
 * {@code errcode}: 0 is sent, 130101 is its 20-a-minute limit (retried), anything else fails.
 */
@ApplicationScoped
public class DingTalkSender implements ChannelSender {

    static final int MAX_TEXT_BYTES = 18_000;
    static final int RATE_LIMITED = 130101;

    private final HttpPoster http;
    private final Clock clock;

    public DingTalkSender(HttpPoster http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.DINGTALK;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        String title = delivery.headline(Markup.PLAIN);
        String text = delivery.isDigest()
                ? MessageText.digestMarkdown(delivery.digestTitle(), delivery.alerts())
                : MessageText.markdown(delivery.first());
        byte[] body = Json.bytes(Map.of(
                "msgtype",
                "markdown",
                "markdown",
                Map.of(
                        "title",
                        MessageText.truncateChars(title, 100),
                        "text",
                        MessageText.truncateUtf8(text, MAX_TEXT_BYTES))));
        String url = channel.url();
        if (channel.secret() != null && !channel.secret().isEmpty()) {
            long timestamp = clock.millis();
            url += (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                    + Signatures.dingTalk(channel.secret(), timestamp);
        }
        return http.post(url, delivery.idempotencyKey(), Map.of(), body, reply -> {
            int code = Json.code(reply.body(), "errcode");
            return code == 0
                    ? DeliveryResult.ok(reply.status())
                    : code == RATE_LIMITED
                            ? DeliveryResult.retry(reply.status(), "errcode " + code)
                            : DeliveryResult.fail(reply.status(), "errcode " + code);
        });
    }
}
