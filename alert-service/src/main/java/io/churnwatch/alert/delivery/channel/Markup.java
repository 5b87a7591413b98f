package io.churnwatch.alert.delivery.channel;

import java.util.regex.Pattern;

/**
 * How each kind of markup writes a value that came from an event or a tenant (customer id, owner, segment, factor
 * label, playbook step, recipient name) so that it reads as the same text and does nothing else: no mention, link,
 * image, tag or line of its own. Every kind first makes the value one line (control, line-separator and
 * bidi-override characters become spaces) and puts an invisible word joiner (U+2060) into {@code ://} and
 * {@code www.}, so that no client turns the value into a link. Our own markup (bold, lists, the inbox link) is
 * written around escaped values, never through this class.
 */
public enum Markup {

    /** Plain text: email text and subjects, Slack and Feishu plain_text, DingTalk's title, the webhook's text. */
    PLAIN {
        @Override
        String escapeLine(String line) {
            return line;
        }
    },

    /**
     * Slack mrkdwn: {@code &}, {@code <} and {@code >} as Slack's three entities (its documented escaping, so no
     * {@code <!channel>}, {@code <@U123>} or {@code <url|label>}), and "@" starting a word broken. Slack's sections
     * are also sent with {@code verbatim: true}, which stops Slack's own parsing of bare URLs and mentions.
     */
    SLACK {
        @Override
        String escapeLine(String line) {
            return breakMentions(entities(line));
        }
    },

    /**
     * Adaptive Card TextBlock markdown (Teams): markdown punctuation backslash-escaped
     * (CommonMark) and "@" starting a word broken.
     */
    TEAMS {
        @Override
        String escapeLine(String line) {
            return breakMentions(MARKDOWN_PUNCTUATION.matcher(line).replaceAll("\\\\$0"));
        }
    },

    /**
     * DingTalk, WeCom and Feishu markdown: {@code &}, {@code <} and {@code >} as HTML entities (so no
     * {@code <at user_id="all">}, {@code <@userid>} or {@code <font>}), the other markdown punctuation
     * backslash-escaped (no {@code [x](url)} or {@code ![image](url)}), and "@" starting a word broken ({@code @all}).
     */
    CHAT {
        @Override
        String escapeLine(String line) {
            return breakMentions(MARKDOWN_PUNCTUATION.matcher(entities(line)).replaceAll("\\\\$0"));
        }
    },

    /** HTML text and attribute values (the email's HTML part). */
    HTML {
        @Override
        String escapeLine(String line) {
            return entities(line).replace("\"", "&quot;").replace("'", "&#39;");
        }
    };

    static final char WORD_JOINER = '\u2060';

    private static final Pattern UNSAFE_CHARACTERS =
            Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\u202A-\\u202E\\u2066-\\u2069]");
    private static final Pattern LINK_STARTS = Pattern.compile("(?i)(?<=:)(?=//)|(?<=\\bwww)(?=\\.)");
    private static final Pattern MARKDOWN_PUNCTUATION = Pattern.compile("[\\\\`*_\\[\\](){}#!|~<>]");
    private static final Pattern MENTION_START = Pattern.compile("(?<![\\p{L}\\p{N}._%+-])@");

    /** The value as this markup's text: one line, without markup of its own; null becomes empty. */
    public String escape(String value) {
        if (value == null) {
            return "";
        }
        String line = UNSAFE_CHARACTERS.matcher(value).replaceAll(" ");
        return escapeLine(LINK_STARTS.matcher(line).replaceAll(String.valueOf(WORD_JOINER)));
    }

    abstract String escapeLine(String line);

    private static String entities(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String breakMentions(String text) {
        return MENTION_START.matcher(text).replaceAll("@" + WORD_JOINER);
    }
}
