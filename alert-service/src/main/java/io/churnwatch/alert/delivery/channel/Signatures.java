package io.churnwatch.alert.delivery.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMAC-SHA256 signatures the channels use, each as its service documents it. */
public final class Signatures {

    private Signatures() {}

    public static byte[] hmacSha256(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** Our webhook: hex HMAC-SHA256 with the channel secret over {@code timestamp + "." + body}. */
    public static String webhook(String secret, long timestampSeconds, byte[] body) {
        byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "v1=" + HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), message));
    }

    /** DingTalk: Base64 of HMAC-SHA256 with the secret as key over {@code timestamp + "\n" + secret}, URL-encoded. */
    public static String dingTalk(String secret, long timestampMillis) {
        byte[] mac = hmacSha256(
                secret.getBytes(StandardCharsets.UTF_8),
                (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
    }

    /** Feishu/Lark: Base64 of HMAC-SHA256 keyed with {@code timestamp + "\n" + secret} over an empty message. */
    public static String feishu(String secret, long timestampSeconds) {
        byte[] key = (timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(hmacSha256(key, new byte[0]));
    }
}
