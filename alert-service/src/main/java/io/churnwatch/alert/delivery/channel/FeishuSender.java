package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feishu/Lark custom bot: an interactive card with a lark_md block and a button to the inbox. With
 * a secret, the body carries {@code timestamp} (seconds) and {@code sign} = Base64 of HmacSHA256 keyed
 * with {@code timestamp + "\n" + secret} over an empty message, as Feishu documents. Bodies stay under
 * its 20 KB limit. Feishu answers with {@code code}: 0 is sent, 9499 (too many requests) is retried.
 */
@ApplicationScoped
public class FeishuSender implements ChannelSender {

    static final int MAX_TEXT_BYTES = 15_000;
    static final int RATE_LIMITED = 9499;

    private final HttpPoster http;
    private final Clock clock;

    public FeishuSender(HttpPoster http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public ChannelType type() {
        return ChannelType.FEISHU;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        String title = delivery.headline(Markup.PLAIN);
        String text = delivery.isDigest()
                ? MessageText.digestMarkdown(delivery.digestTitle(), delivery.alerts())
                : MessageText.markdown(delivery.first());
        Map<String, Object> card = Map.of(
                "header",
                        Map.of(
                                "title",
                                Map.of("tag", "plain_text", "content", MessageText.truncateChars(title, 100)),
                                "template",
                                "red"),
                "elements",
                        List.of(
                                Map.of(
                                        "tag",
                                        "div",
                                        "text",
                                        Map.of(
                                                "tag",
                                                "lark_md",
                                                "content",
                                                MessageText.truncateUtf8(text, MAX_TEXT_BYTES))),
                                Map.of(
                                        "tag",
                                        "action",
                                        "actions",
                                        List.of(Map.of(
                                                "tag",
                                                "button",
                                                "type",
                                                "primary",
                                                "text",
                                                Map.of("tag", "plain_text", "content", "Open in inbox"),
                                                "url",
                                                delivery.first().link())))));
        Map<String, Object> payload = new LinkedHashMap<>();
        if (channel.secret() != null && !channel.secret().isEmpty()) {
            long timestamp = clock.instant().getEpochSecond();
            payload.put("timestamp", Long.toString(timestamp));
            payload.put("sign", Signatures.feishu(channel.secret(), timestamp));
        }
        payload.put("msg_type", "interactive");
        payload.put("card", card);
        return http.post(channel.url(), delivery.idempotencyKey(), Map.of(), Json.bytes(payload), reply -> {
            int code = Json.code(reply.body(), "code", "StatusCode");
            return code == 0
                    ? DeliveryResult.ok(reply.status())
                    : code == RATE_LIMITED
                            ? DeliveryResult.retry(reply.status(), "code " + code)
                            : DeliveryResult.fail(reply.status(), "code " + code);
        });
    }
}
