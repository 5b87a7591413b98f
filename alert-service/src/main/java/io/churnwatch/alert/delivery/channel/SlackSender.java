package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.delivery.AlertMessage;
import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Slack incoming webhook with Block Kit: a header block, sections in mrkdwn (at most 3,000 characters
 * each), a button to the inbox; at most 50 blocks per message, and {@code text} as the notification
 * fallback. Slack answers {@code 200 ok}; 429 means over its one-message-a-second limit.
 */
@ApplicationScoped
public class SlackSender implements ChannelSender {

    static final int MAX_BLOCKS = 50;
    static final int MAX_SECTION_CHARS = 3000;
    static final int MAX_HEADER_CHARS = 150;

    private final HttpPoster http;

    public SlackSender(HttpPoster http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.SLACK;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        List<Object> blocks = delivery.isDigest()
                ? digestBlocks(delivery.digestTitle(), delivery.alerts())
                : alertBlocks(delivery.first());
        String text = delivery.headline(Markup.SLACK);
        byte[] body = Json.bytes(Map.of("text", text, "blocks", blocks));
        return http.post(
                channel.url(), delivery.idempotencyKey(), Map.of(), body, reply -> DeliveryResult.ok(reply.status()));
    }

    static List<Object> alertBlocks(AlertMessage m) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(header(MessageText.headline(m, Markup.PLAIN)));
        blocks.add(section(
                "*" + MessageText.scoreLine(m) + "*\n*What changed:* " + MessageText.whatChanged(m, Markup.SLACK)));
        blocks.add(section(MessageText.facts(m, Markup.SLACK)));
        if (!m.playbookSteps().isEmpty()) {
            List<String> steps =
                    m.playbookSteps().stream().map(Markup.SLACK::escape).toList();
            blocks.add(section("*Suggested next steps*\n• " + String.join("\n• ", steps)));
        }
        blocks.add(Map.of(
                "type",
                "actions",
                "elements",
                List.of(Map.of(
                        "type",
                        "button",
                        "text",
                        Map.of("type", "plain_text", "text", "Open in inbox"),
                        "url",
                        m.link()))));
        return blocks;
    }

    static List<Object> digestBlocks(String title, List<AlertMessage> alerts) {
        List<Object> blocks = new ArrayList<>();
        blocks.add(header(Markup.PLAIN.escape(title)));
        int room = MAX_BLOCKS - 2;
        for (int i = 0; i < alerts.size() && i < room; i++) {
            AlertMessage m = alerts.get(i);
            blocks.add(section("<" + m.link() + "|" + Markup.SLACK.escape(m.customerId()) + "> "
                    + MessageText.digestLine(m, Markup.SLACK)));
        }
        if (alerts.size() > room) {
            blocks.add(Map.of(
                    "type",
                    "context",
                    "elements",
                    List.of(Map.of(
                            "type", "mrkdwn", "text", "…and " + (alerts.size() - room) + " more in the inbox"))));
        }
        return blocks;
    }

    private static Map<String, Object> header(String text) {
        return Map.of(
                "type",
                "header",
                "text",
                Map.of("type", "plain_text", "text", MessageText.truncateChars(text, MAX_HEADER_CHARS)));
    }

    private static Map<String, Object> section(String mrkdwn) {
        String text = MessageText.truncateChars(mrkdwn, MAX_SECTION_CHARS);
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "verbatim", true, "text", text));
    }
}
