package io.churnwatch.alert.delivery.channel;

import io.churnwatch.alert.delivery.AlertMessage;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Plain-text, Markdown and HTML renderings of alerts, shared by the channels. Every value that came from an event or
 * a tenant goes through the channel's {@link Markup}; everything else here is our own text.
 */
public final class MessageText {

    private MessageText() {}

    /** "Escalated: CRITICAL churn risk: acme (score 82, +18)". */
    public static String headline(AlertMessage m, Markup markup) {
        String prefix = switch (m.purpose()) {
            case "escalated" -> "Escalated: ";
            case "reopened" -> "Reopened: ";
            case "unacknowledged" -> "Unacknowledged: ";
            default -> "";
        };
        String kind = switch (java.util.Objects.requireNonNullElse(m.kind(), "")) {
            case "owner_left" -> "owner left, churn risk";
            case "check_in" -> "day-10 check-in";
            default -> "churn risk";
        };
        return prefix + m.level() + " " + kind + ": " + markup.escape(m.customerId()) + " (score " + num(m.score())
                + ", " + signed(m.scoreChange()) + ")";
    }

    /** "Score 64 → 82 (+18), level HIGH → CRITICAL". */
    public static String scoreLine(AlertMessage m) {
        String line = "Score " + num(m.previousScore()) + " → " + num(m.score()) + " (" + signed(m.scoreChange()) + ")";
        return m.previousLevel() != null && m.previousLevel() != m.level()
                ? line + ", level " + m.previousLevel() + " → " + m.level()
                : line;
    }

    /** "3 complaints this week: +22; usage gap 3.1x this customer's normal: +18; P(alive) 0.41". */
    public static String whatChanged(AlertMessage m, Markup markup) {
        String factors = m.factors().stream()
                .map(f -> markup.escape(f.label()) + ": " + signed(f.contribution()))
                .collect(Collectors.joining("; "));
        if (m.pAlive() != null) {
            factors = (factors.isEmpty() ? "" : factors + "; ") + "P(alive) "
                    + String.format(Locale.ROOT, "%.2f", m.pAlive());
        }
        return factors;
    }

    /** "Value 1200.00 a month · tenure 1 year 2 months · segment enterprise · owner ana@cs.example". */
    public static String facts(AlertMessage m, Markup markup) {
        StringBuilder facts = new StringBuilder();
        facts.append("Value ")
                .append(
                        m.mrr() == null
                                ? "unknown"
                                : m.mrr().setScale(2, RoundingMode.HALF_UP).toPlainString() + " a month");
        facts.append(" · tenure ").append(tenure(m.tenureDays()));
        if (m.segment() != null) {
            facts.append(" · segment ").append(markup.escape(m.segment()));
        }
        facts.append(" · ").append(ownerText(m, markup));
        return facts.toString();
    }

    public static String ownerText(AlertMessage m, Markup markup) {
        String owner = markup.escape(m.owner());
        String assignee = markup.escape(m.assignee());
        if (m.ownerLeft()) {
            return "owner " + (m.owner() == null ? "" : owner + " ") + "LEFT, reassigned to "
                    + (m.assignee() == null ? "nobody yet" : assignee) + " (flagged)";
        }
        if (m.assignee() != null && !m.assignee().equalsIgnoreCase(String.valueOf(m.owner()))) {
            return "owner " + (m.owner() == null ? "none" : owner) + ", assigned to " + assignee;
        }
        return "owner " + (m.owner() == null ? "none" : owner);
    }

    public static String tenure(Integer days) {
        if (days == null) {
            return "unknown";
        }
        if (days < 60) {
            return days + " days";
        }
        int years = days / 365;
        int months = (days % 365) / 30;
        if (years == 0) {
            return months + " months";
        }
        return years
                + (years == 1 ? " year" : " years")
                + (months == 0 ? "" : " " + months + (months == 1 ? " month" : " months"));
    }

    /** The whole alert as plain text (email body, webhook text). */
    public static String plain(AlertMessage m) {
        Markup markup = Markup.PLAIN;
        StringBuilder text = new StringBuilder(headline(m, markup)).append("\n\n");
        text.append(scoreLine(m)).append('\n');
        text.append("What changed: ").append(whatChanged(m, markup)).append('\n');
        text.append(facts(m, markup)).append('\n');
        if (!m.playbookSteps().isEmpty()) {
            text.append("\nSuggested next steps:\n");
            m.playbookSteps()
                    .forEach(step ->
                            text.append("- ").append(markup.escape(step)).append('\n'));
        }
        text.append("\nOpen in the inbox: ").append(m.link()).append('\n');
        return text.toString();
    }

    /** The alert as DingTalk, WeCom and Feishu markdown. */
    public static String markdown(AlertMessage m) {
        Markup markup = Markup.CHAT;
        StringBuilder text =
                new StringBuilder("### ").append(headline(m, markup)).append("\n\n");
        text.append("**").append(scoreLine(m)).append("**\n\n");
        text.append("What changed: ").append(whatChanged(m, markup)).append("\n\n");
        text.append(facts(m, markup)).append("\n\n");
        if (!m.playbookSteps().isEmpty()) {
            text.append("Suggested next steps:\n\n");
            m.playbookSteps()
                    .forEach(step ->
                            text.append("- ").append(markup.escape(step)).append('\n'));
            text.append('\n');
        }
        text.append("[Open in the inbox](").append(m.link()).append(")\n");
        return text.toString();
    }

    /** One line per alert, for digests, without its link. */
    public static String digestLine(AlertMessage m, Markup markup) {
        String line = m.level() + " " + markup.escape(m.customerId()) + ": score " + num(m.score()) + " ("
                + signed(m.scoreChange()) + ")";
        String changed = whatChanged(m, markup);
        return changed.isEmpty() ? line : line + " · " + changed;
    }

    /** One line per alert with a markdown link to the inbox (Teams, DingTalk, WeCom, Feishu). */
    public static String digestMarkdownLine(AlertMessage m, Markup markup) {
        return digestLine(m, markup) + " · [open](" + m.link() + ")";
    }

    public static String digestTitle(List<AlertMessage> alerts) {
        return alerts.size() + " churn alerts (folded into one message by the channel's rate limit)";
    }

    public static String digestMarkdown(String title, List<AlertMessage> alerts) {
        return "### " + Markup.CHAT.escape(title) + "\n\n"
                + alerts.stream()
                        .map(m -> "- " + digestMarkdownLine(m, Markup.CHAT))
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    public static String digestPlain(String title, List<AlertMessage> alerts) {
        return Markup.PLAIN.escape(title) + "\n\n"
                + alerts.stream()
                        .map(m -> "- " + digestLine(m, Markup.PLAIN) + " · " + m.link())
                        .collect(Collectors.joining("\n"))
                + "\n";
    }

    /** The whole alert as the HTML part of an email. */
    public static String html(AlertMessage m) {
        Markup markup = Markup.HTML;
        StringBuilder html =
                new StringBuilder("<h3>").append(headline(m, markup)).append("</h3>\n");
        html.append("<p><b>").append(markup.escape(scoreLine(m))).append("</b></p>\n");
        html.append("<p>What changed: ").append(whatChanged(m, markup)).append("</p>\n");
        html.append("<p>").append(facts(m, markup)).append("</p>\n");
        if (!m.playbookSteps().isEmpty()) {
            html.append("<p>Suggested next steps:</p>\n<ul>\n");
            m.playbookSteps()
                    .forEach(step ->
                            html.append("<li>").append(markup.escape(step)).append("</li>\n"));
            html.append("</ul>\n");
        }
        return html.append(htmlLink(m)).append('\n').toString();
    }

    public static String digestHtml(String title, List<AlertMessage> alerts) {
        return "<h3>" + Markup.HTML.escape(title) + "</h3>\n<ul>\n"
                + alerts.stream()
                        .map(m -> "<li>" + digestLine(m, Markup.HTML) + " · " + htmlLink(m) + "</li>\n")
                        .collect(Collectors.joining())
                + "</ul>\n";
    }

    private static String htmlLink(AlertMessage m) {
        return "<a href=\"" + Markup.HTML.escapeLine(m.link()) + "\">Open in the inbox</a>";
    }

    /** Cuts text to at most {@code maxBytes} of UTF-8 without splitting a character, marking the cut. */
    public static String truncateUtf8(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        String marker = "\n…(truncated)";
        int budget = maxBytes - marker.getBytes(StandardCharsets.UTF_8).length;
        int end = budget;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + marker;
    }

    /** Cuts text to at most {@code maxChars} characters, marking the cut. */
    public static String truncateChars(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars - 1) + "…";
    }

    static String num(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String signed(double value) {
        return (value >= 0 ? "+" : "") + num(value);
    }
}
