package io.churnwatch.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The stored identity of a (tenant, messageId) pair: the first 128 bits of SHA-256 over the tenant, a NUL
 * and the message id. Ingest deduplicates and scoring records processed events by this key, so both
 * must compute it the same way.
 */
public final class MessageKeys {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(MessageKeys::newSha256);

    private MessageKeys() {}

    public static UUID of(String tenant, String messageId) {
        MessageDigest sha256 = SHA_256.get();
        sha256.update(tenant.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        ByteBuffer digest = ByteBuffer.wrap(sha256.digest(messageId.getBytes(StandardCharsets.UTF_8)));
        return new UUID(digest.getLong(), digest.getLong());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
