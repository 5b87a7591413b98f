package io.churnwatch.alert.delivery.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
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
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every channel end to end: a risk change on the real broker becomes a request to a local server
 * that checks the signature and payload the way the real service does (or a mail in a real SMTP server).
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class ChannelDeliveryTest {

    private static final Receiver RECEIVER = new Receiver();
    private static final String SECRET = "SECtest-secret-123";

    @AfterAll
    static void stop() {
        RECEIVER.close();
    }

    /** Creates a tenant whose customer owner gets alerts through one channel, sends one change, returns the request. */
    private static Receiver.Request deliver(String type, String path, String query, String secret, RiskChange change) {
        String target = RECEIVER.url(path) + (query == null ? "" : "?" + query);
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, type, target, secret, true);
        Api.recipient(tenant, "Ana", "ana@cs.example", null, false, List.of(channel));
        RiskChanges.send(withTenant(change, tenant.id()));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !RECEIVER.requests(path).isEmpty());
        return RECEIVER.requests(path).get(0);
    }

    private static RiskChange withTenant(RiskChange c, String tenant) {
        return new RiskChange(
                c.changeId(),
                tenant,
                c.customerId(),
                c.oldScore(),
                c.newScore(),
                c.oldLevel(),
                c.newLevel(),
                c.topFactors(),
                c.mrr(),
                c.tenureDays(),
                c.pAlive(),
                c.priority(),
                c.playbooks(),
                c.segment(),
                c.owner(),
                c.ownerLeft(),
                c.eventTime());
    }

    private static RiskChange typical() {
        return RiskChanges.change("x", "acme", 64, 82, RiskLevel.HIGH, RiskLevel.CRITICAL);
    }

    private static byte[] hmac(byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static void assertSaysEverything(String text) {
        assertThat(text)
                .contains(
                        "acme",
                        "CRITICAL",
                        "3 complaints this week: +22",
                        "usage gap 3.1x this customer's normal: +18",
                        "P(alive) 0.41",
                        "1200.00",
                        "1 year 2 months",
                        "ana@cs.example",
                        "Personal call from the account owner",
                        "https://churnwatch.test/inbox/episodes/");
    }

    @Test
    void webhookIsSignedOverTimestampAndBody() throws Exception {
        Receiver.Request request = deliver("webhook", "/hook-" + UUID.randomUUID(), null, SECRET, typical());
        String timestamp = request.header("X-ChurnWatch-Timestamp");
        String expected = "v1="
                + HexFormat.of()
                        .formatHex(hmac(
                                SECRET.getBytes(StandardCharsets.UTF_8),
                                (timestamp + "." + request.text()).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.header("X-ChurnWatch-Signature")).isEqualTo(expected);
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)))
                .isLessThan(300);
        assertThat(request.header("Idempotency-Key")).isNotBlank();
        JsonNode alert = request.json().at("/alerts/0");
        assertThat(alert.get("customerId").asText()).isEqualTo("acme");
        assertThat(alert.get("score").asDouble()).isEqualTo(82.0);
        assertThat(alert.at("/factors/0/label").asText()).isEqualTo("3 complaints this week");
        assertSaysEverything(request.json().get("text").asText());
    }

    @Test
    void slackGetsBlockKitWithinItsLimits() {
        Receiver.Request request = deliver("slack", "/slack-" + UUID.randomUUID(), null, null, typical());
        JsonNode body = request.json();
        assertThat(body.get("text").asText()).contains("acme");
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.size()).isBetween(1, 50);
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
        String all = blocks.findValues("text").stream()
                .map(t -> t.isTextual() ? t.asText() : t.path("text").asText())
                .collect(Collectors.joining("\n"));
        assertSaysEverything(all + blocks.findValue("url").asText());
        blocks.findValues("text").stream()
                .filter(t -> t.path("type").asText().equals("mrkdwn"))
                .forEach(t -> assertThat(t.get("text").asText().length()).isLessThanOrEqualTo(3000));
    }

    @Test
    void teamsGetsAnAdaptiveCardThroughWorkflows() {
        Receiver.Request request = deliver("teams", "/teams-" + UUID.randomUUID(), null, null, typical());
        JsonNode body = request.json();
        assertThat(body.get("type").asText()).isEqualTo("message");
        JsonNode attachment = body.at("/attachments/0");
        assertThat(attachment.get("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.get("content");
        assertThat(card.get("type").asText()).isEqualTo("AdaptiveCard");
        assertThat(card.get("version").asText()).isEqualTo("1.4");
        assertThat(card.at("/actions/0/type").asText()).isEqualTo("Action.OpenUrl");
        String text = card.get("body").findValues("text").stream()
                .map(JsonNode::asText)
                .collect(Collectors.joining("\n"));
        assertSaysEverything(text + card.at("/actions/0/url").asText());
        assertThat(request.body().length).isLessThan(28 * 1024);
    }

    @Test
    void dingTalkIsSignedInTheQueryAsDingTalkChecksIt() throws Exception {
        Receiver.Request request = deliver("dingtalk", "/robot/send", "access_token=tok123", SECRET, typical());
        Map<String, String> query = Arrays.stream(request.query().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p[1]));
        assertThat(query.get("access_token")).isEqualTo("tok123");
        long timestamp = Long.parseLong(query.get("timestamp"));
        assertThat(Math.abs(System.currentTimeMillis() - timestamp)).isLessThan(60 * 60 * 1000L);
        String sign = URLDecoder.decode(query.get("sign"), StandardCharsets.UTF_8);
        byte[] expected = hmac(
                SECRET.getBytes(StandardCharsets.UTF_8), (timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getDecoder().decode(sign)).isEqualTo(expected);
        JsonNode body = request.json();
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(body.at("/markdown/title").asText()).contains("acme");
        assertSaysEverything(body.at("/markdown/text").asText());
    }

    @Test
    void weComKeepsMarkdownWithin4096Bytes() {
        List<RiskFactor> many = IntStream.range(0, 60)
                .mapToObj(
                        i -> new RiskFactor("f" + i, "长标签 long factor label number " + i + " " + "x".repeat(80), 5, 1))
                .toList();
        RiskChange huge = RiskChanges.withFactors(typical(), many);
        Receiver.Request request = deliver("wecom", "/cgi-bin/webhook/send", "key=wecom-key-1", null, huge);
        assertThat(request.query()).isEqualTo("key=wecom-key-1");
        JsonNode body = request.json();
        assertThat(body.get("msgtype").asText()).isEqualTo("markdown");
        String content = body.at("/markdown/content").asText();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(content).contains("acme", "truncated");
    }

    @Test
    void feishuIsSignedInTheBodyAsFeishuDocumentsIt() throws Exception {
        Receiver.Request request = deliver("feishu", "/open-apis/bot/v2/hook/abc", null, SECRET, typical());
        JsonNode body = request.json();
        long timestamp = Long.parseLong(body.get("timestamp").asText());
        assertThat(Math.abs(System.currentTimeMillis() / 1000 - timestamp)).isLessThan(3600);
        byte[] expected = hmac((timestamp + "\n" + SECRET).getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(body.get("sign").asText()).isEqualTo(Base64.getEncoder().encodeToString(expected));
        assertThat(body.get("msg_type").asText()).isEqualTo("interactive");
        assertSaysEverything(body.at("/card/elements/0/text/content").asText());
        assertThat(request.body().length).isLessThan(20 * 1024);
    }

    @Test
    void emailArrivesOverSmtp() throws Exception {
        TestTenants.Tenant tenant = TestTenants.create();
        String channel = Api.channel(tenant, "email", null, null, true);
        String address = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@cs.example";
        Api.recipient(tenant, "Ana", address, null, false, List.of(channel));
        RiskChanges.send(RiskChanges.withOwner(withTenant(typical(), tenant.id()), address, false));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Arrays.stream(AlertTestResource.smtp().getReceivedMessages())
                        .anyMatch(m -> recipientIs(m, address)));
        MimeMessage mail = Arrays.stream(AlertTestResource.smtp().getReceivedMessages())
                .filter(m -> recipientIs(m, address))
                .findFirst()
                .orElseThrow();
        assertThat(mail.getSubject()).contains("CRITICAL", "acme");
        assertThat(mail.getHeader("X-ChurnWatch-Idempotency-Key")).hasSize(1);
        assertSaysEverything(GreenMailUtil.getBody(mail)
                .replace("=\r\n", "")
                .replace("=3D", "=")
                .replace("=E2=86=92", "→")
                .replace("=C2=B7", "·")
                .replace(address, "ana@cs.example"));
    }

    private static boolean recipientIs(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getAllRecipients())
                    .anyMatch(a -> a.toString().contains(address));
        } catch (Exception e) {
            return false;
        }
    }
}
