package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.delivery.AlertMessage;
import io.churnwatch.alert.persistence.ChannelType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Microsoft Teams through a Workflows ("Send webhook alerts to a channel") URL: a {@code message} with
 * one Adaptive Card 1.4 attachment. Teams refuses messages over about 28 KB, so the card text is cut
 * well below that. Workflows answers 202 Accepted.
 */
@ApplicationScoped
public class TeamsSender implements ChannelSender {

    static final int MAX_CARD_TEXT_BYTES = 20_000;

    private final HttpPoster http;

    public TeamsSender(HttpPoster http) {
        this.http = http;
    }

    @Override
    public ChannelType type() {
        return ChannelType.TEAMS;
    }

    @Override
    public Uni<DeliveryResult> send(ChannelTarget channel, Delivery delivery) {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        card.put(
                "body",
                delivery.isDigest()
                        ? digestBody(delivery.digestTitle(), delivery.alerts())
                        : alertBody(delivery.first()));
        String link = delivery.first().link();
        card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Open in inbox", "url", link)));
        Map<String, Object> attachment =
                Map.of("contentType", "application/vnd.microsoft.card.adaptive", "content", card);
        byte[] body = Json.bytes(Map.of("type", "message", "attachments", List.of(attachment)));
        return http.post(
                channel.url(), delivery.idempotencyKey(), Map.of(), body, reply -> DeliveryResult.ok(reply.status()));
    }

    private static List<Object> alertBody(AlertMessage m) {
        List<Object> body = new ArrayList<>();
        body.add(Map.of(
                "type",
                "TextBlock",
                "text",
                MessageText.headline(m, Markup.TEAMS),
                "weight",
                "Bolder",
                "size",
                "Medium",
                "wrap",
                true,
                "color",
                m.level().isAtLeast(io.churnwatch.events.RiskLevel.HIGH) ? "Attention" : "Warning"));
        body.add(text(MessageText.scoreLine(m)));
        body.add(text("What changed: " + MessageText.whatChanged(m, Markup.TEAMS)));
        body.add(text(MessageText.facts(m, Markup.TEAMS)));
        if (!m.playbookSteps().isEmpty()) {
            List<String> steps =
                    m.playbookSteps().stream().map(Markup.TEAMS::escape).toList();
            body.add(text("Suggested next steps:\n\n- " + String.join("\n- ", steps)));
        }
        return body;
    }

    private static List<Object> digestBody(String title, List<AlertMessage> alerts) {
        String lines = "- "
                + String.join(
                        "\n- ",
                        alerts.stream()
                                .map(m -> MessageText.digestMarkdownLine(m, Markup.TEAMS))
                                .toList());
        return List.of(
                Map.of("type", "TextBlock", "text", Markup.TEAMS.escape(title), "weight", "Bolder", "wrap", true),
                text(MessageText.truncateUtf8(lines, MAX_CARD_TEXT_BYTES)));
    }

    private static Map<String, Object> text(String text) {
        return Map.of("type", "TextBlock", "text", text, "wrap", true);
    }
}
