package io.churnwatch.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API keys: generated with 256 bits of randomness, stored only as their SHA-256 hash. A fast hash
 * is enough because the keys are random, not chosen by people; it lets every request be checked
 * with one indexed lookup.
 */
public final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "cw_";

    private ApiKeys() {}

    /** A new key, for example {@code cw_3fk2…}; shown to the caller once and never stored. */
    public static String generate() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The hex SHA-256 of a key: what the database holds. */
    public static String hash(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The first characters of a key, kept in clear so people can tell their keys apart. */
    public static String displayPrefix(String apiKey) {
        return apiKey.substring(0, Math.min(apiKey.length(), 7));
    }

    /**
     * The key in an Authorization header: {@code Bearer KEY}, or {@code Basic base64(KEY:)} as Segment
     * clients send their write key.
     */
    public static Optional<String> fromAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return nonBlank(value.substring(7).trim());
        }
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded =
                        new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return nonBlank(colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Compares secrets in constant time. */
    public static boolean sameSecret(String expected, String given) {
        return given != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> nonBlank(String value) {
        return value.isBlank() || value.length() > 200 ? Optional.empty() : Optional.of(value);
    }
}
