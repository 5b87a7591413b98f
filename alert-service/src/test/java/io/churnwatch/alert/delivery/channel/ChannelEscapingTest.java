package io.churnwatch.alert.delivery.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.Receiver;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every field that comes from an event or a tenant reach each channel as text: the local
 * receiver finds no mention, link, image or HTML of theirs in what the channel would render, and decoding the
 * channel's escaping gives back the values as they were (line breaks become spaces).
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class ChannelEscapingTest {

    private static final Receiver RECEIVER = new Receiver();
    private static final char WORD_JOINER = '\u2060';
    private static final String CUSTOMER = "acme <!channel> @all @here";
    private static final String OWNER = "<at user_id=\"all\">boss</at> <@U123> <#C999>";
    private static final String SEGMENT =
            "<http://evil.test|click> [x](http://evil.test) ![i](https://evil.test/i.png)";
    private static final String LABEL = "<b>bold</b> & <script>alert(1)</script> <!here> *stars* _under_";
    private static final String STEP =
            "call www.evil.test <font color=\"red\">now</font>\nOpen in the inbox: https://evil.test";
    private static final List<String> HOSTILE = List.of(CUSTOMER, OWNER, SEGMENT, LABEL, STEP.replace('\n', ' '));
    private static final Pattern OUR_LINK = Pattern.compile("https://churnwatch\\.test/inbox/episodes/[0-9a-f-]{36}");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("(?<!\\\\)\\[[^\\]]*(?<!\\\\)\\]\\s*\\(");
    private static final Pattern MENTION = Pattern.compile("@(all|here|channel|everyone)\\b");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern OUR_TAGS =
            Pattern.compile("</?(h3|p|b|ul|li|a)>|<a href=\"" + OUR_LINK.pattern() + "\">");

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    /** A tenant whose only rule sends every HIGH alert to one channel; one hostile change; the request. */
    private static Receiver.Request deliver(String type, String path, String query) {
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, type, RECEIVER.url(path) + (query == null ? "" : "?" + query), null, true);
        Api.rule(tenant, Map.of("name", "all", "minLevel", "HIGH", "channelIds", List.of(channel)));
        RiskChanges.send(hostile(tenant.id()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !RECEIVER.requests(path).isEmpty());
        return RECEIVER.requests(path).get(0);
    }

    private static RiskChange hostile(String tenant) {
        return new RiskChange(
                UUID.randomUUID().toString(),
                tenant,
                CUSTOMER,
                64,
                82,
                RiskLevel.HIGH,
                RiskLevel.CRITICAL,
                List.of(new RiskFactor("complaint", LABEL, 22, 22)),
                new BigDecimal("1200.00"),
                430,
                0.41,
                82,
                List.of(STEP),
                SEGMENT,
                OWNER,
                false,
                Instant.now());
    }

    /** No URL a client would turn into a link, but our inbox link. */
    private static void assertNoBareLinks(String raw) {
        assertThat(OUR_LINK.matcher(raw).replaceAll("")).doesNotContain("://", "www.");
    }

    private static void assertNoMentions(String raw) {
        assertThat(MENTION.matcher(raw).find()).as("mention in %s", raw).isFalse();
    }

    /** No markdown link or image but our own, no bare URL, no mention. */
    private static void assertInertMarkdown(String raw) {
        assertNoBareLinks(raw);
        assertNoMentions(raw);
        String rest = raw.replace("[Open in the inbox](", "").replace("[open](", "");
        assertThat(MARKDOWN_LINK.matcher(rest).find())
                .as("markdown link in %s", raw)
                .isFalse();
    }

    private static void assertReads(String raw, UnaryOperator<String> decode) {
        String visible = decode.apply(raw).replace(String.valueOf(WORD_JOINER), "");
        assertThat(visible).contains(HOSTILE);
    }

    private static String slackDecoded(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String markdownDecoded(String text) {
        return text.replaceAll("\\\\(\\p{Punct})", "$1");
    }

    private static String htmlDecoded(String html) {
        return TAG.matcher(html)
                .replaceAll("")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    @Test
    void slackShowsHostileValuesAsText() {
        JsonNode body = deliver("slack", "/slack-" + UUID.randomUUID(), null).json();
        List<JsonNode> mrkdwn = body.get("blocks").findValues("text").stream()
                .filter(t -> t.path("type").asText().equals("mrkdwn"))
                .toList();
        assertThat(mrkdwn)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.path("verbatim").asBoolean()).isTrue());
        String sections = mrkdwn.stream().map(t -> t.get("text").asText()).collect(Collectors.joining("\n"));
        String fallback = body.get("text").asText();
        for (String text : List.of(sections, fallback)) {
            assertThat(text).doesNotContain("<", ">");
            assertNoBareLinks(text);
            assertNoMentions(text);
        }
        String header = body.at("/blocks/0/text/text").asText();
        assertThat(header).doesNotContain("\n", "://");
        assertReads(header + "\n" + sections, ChannelEscapingTest::slackDecoded);
        assertThat(slackDecoded(fallback)).contains(CUSTOMER.replace("@", "@" + WORD_JOINER));
    }

    @Test
    void teamsShowsHostileValuesAsText() {
        JsonNode card =
                deliver("teams", "/teams-" + UUID.randomUUID(), null).json().at("/attachments/0/content");
        String text = card.get("body").findValues("text").stream()
                .map(JsonNode::asText)
                .collect(Collectors.joining("\n"));
        assertThat(Pattern.compile("(?<!\\\\)[<>*_]").matcher(text).find())
                .as("markup in %s", text)
                .isFalse();
        assertInertMarkdown(text);
        assertReads(text, ChannelEscapingTest::markdownDecoded);
    }

    @Test
    void dingTalkShowsHostileValuesAsText() {
        JsonNode markdown = deliver("dingtalk", "/robot/send", "access_token=hostile")
                .json()
                .get("markdown");
        assertChatMarkdown(markdown.get("text").asText());
        assertThat(markdown.get("title").asText()).doesNotContain("\n").contains(CUSTOMER);
    }

    @Test
    void weComShowsHostileValuesAsText() {
        Receiver.Request request = deliver("wecom", "/cgi-bin/webhook/send", "key=hostile");
        assertChatMarkdown(request.json().at("/markdown/content").asText());
    }

    @Test
    void feishuShowsHostileValuesAsText() {
        JsonNode card =
                deliver("feishu", "/open-apis/bot/v2/hook/hostile", null).json().get("card");
        assertChatMarkdown(card.at("/elements/0/text/content").asText());
        assertThat(card.at("/header/title/content").asText()).doesNotContain("\n", "://");
    }

    private static void assertChatMarkdown(String text) {
        assertThat(text).doesNotContain("<", ">");
        assertInertMarkdown(text);
        assertReads(text, t -> slackDecoded(markdownDecoded(t)));
    }

    @Test
    void emailShowsHostileValuesAsTextInBothParts() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String address = "hostile-" + UUID.randomUUID().toString().substring(0, 8) + "@cs.example";
        String channel = Api.channel(tenant, "email", address, null, true);
        Api.rule(tenant, Map.of("name", "all", "minLevel", "HIGH", "channelIds", List.of(channel)));
        RiskChanges.send(hostile(tenant.id()));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(address) != null);
        MimeMessage mail = mailTo(address);
        assertThat(mail.getSubject()).doesNotContain("\n", "://").contains(CUSTOMER);

        Map<String, String> parts = parts(mail);
        String text = parts.get("text/plain");
        assertThat(text.lines()).noneMatch(line -> line.startsWith("Open in the inbox: https://evil"));
        assertNoBareLinks(text);
        assertReads(text, t -> t);

        String html = parts.get("text/html");
        assertThat(html).as("the HTML part").isNotNull();
        Matcher tags = TAG.matcher(html);
        List<String> found = new ArrayList<>();
        while (tags.find()) {
            found.add(tags.group());
        }
        assertThat(found).isNotEmpty().allMatch(tag -> OUR_TAGS.matcher(tag).matches());
        assertNoBareLinks(htmlDecoded(html));
        assertReads(html, ChannelEscapingTest::htmlDecoded);
    }

    private static MimeMessage mailTo(String address) {
        return Arrays.stream(AlertTestResource.smtp().getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(a -> a.toString().contains(address));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst()
                .orElse(null);
    }

    /** Text and HTML parts by content type (one text part when the mail is not multipart). */
    private static Map<String, String> parts(MimeMessage mail) throws Exception {
        Map<String, String> parts = new HashMap<>();
        if (!(mail.getContent() instanceof Multipart multipart)) {
            parts.put("text/plain", mail.getContent().toString());
            return parts;
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.getContent() instanceof Multipart nested) {
                for (int j = 0; j < nested.getCount(); j++) {
                    put(parts, nested.getBodyPart(j));
                }
            } else {
                put(parts, part);
            }
        }
        return parts;
    }

    private static void put(Map<String, String> parts, BodyPart part) throws Exception {
        parts.put(
                part.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT),
                part.getContent().toString());
    }
}
