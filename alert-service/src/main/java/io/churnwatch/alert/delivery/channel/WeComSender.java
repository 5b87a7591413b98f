package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * WeCom (WeChat Work) group robot: the key is in the robot URL ({@code ...webhook/send?key=...}); a
 * markdown message whose content is at most 4,096 bytes of UTF-8. WeCom answers 200 with
 * {@code errcode}: 0 is sent, 45009 is its 20-a-minute limit (retried), anything else fails.
 */
@ApplicationScoped
public class WeComSender implements ChannelSender {

    public static final int MAX_CONTENT_BYTES = 4096;
    static final int RATE_LIMITED = 45009;

    private final HttpPoster http;

    public WeComSender(HttpPoster http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.WECOM;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        String text = delivery.isDigest()
                ? MessageText.digestMarkdown(delivery.digestTitle(), delivery.alerts())
                : MessageText.markdown(delivery.first());
        byte[] body = Json.bytes(Map.of(
                "msgtype",
                "markdown",
                "markdown",
                Map.of("content", MessageText.truncateUtf8(text, MAX_CONTENT_BYTES))));
        return http.post(channel.url(), delivery.idempotencyKey(), Map.of(), body, reply -> {
            int code = Json.code(reply.body(), "errcode");
            return code == 0
                    ? DeliveryResult.ok(reply.status())
                    : code == RATE_LIMITED
                            ? DeliveryResult.retry(reply.status(), "errcode " + code)
                            : DeliveryResult.fail(reply.status(), "errcode " + code);
        });
    }
}
