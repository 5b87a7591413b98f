package io.churnwatch.alert.persistence;

import io.churnwatch.alert.config.AlertConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts channel secrets (webhook URLs with their tokens, signing secrets) at rest with AES-256-GCM. A stored
 * value reads {@code enc:v1:<key id>:<Base64 of 12-byte IV + ciphertext + tag>}, the key id also bound as
 * associated data, so keys rotate: {@code churnwatch.alert.secrets.keys} lists {@code id:base64key} entries, the
 * first encrypts and all decrypt. A value without the prefix is a row from before encryption and reads as it is.
 */
@Singleton
public class ChannelSecrets {

    /** A stored value that cannot be read with the configured keys. Its message names the key id, never the value. */
    public static class UnreadableSecretException extends IllegalStateException {
        UnreadableSecretException(String message) {
            super(message);
        }
    }

    static final String PREFIX = "enc:v1:";
    private static final String KEYS = "churnwatch.alert.secrets.keys";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String primary;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public ChannelSecrets(AlertConfig config) {
        this(config.secrets().keys().orElse(List.of()));
    }

    public ChannelSecrets(List<String> entries) {
        this.keys = parse(entries);
        this.primary = keys.keySet().iterator().next();
    }

    /** The value as stored: encrypted with the first key; null stays null. */
    public String encrypt(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            byte[] sealed = aesGcm(Cipher.ENCRYPT_MODE, primary, iv).doFinal(input);
            byte[] stored = ByteBuffer.allocate(IV_BYTES + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return PREFIX + primary + ":" + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    /** The value in the clear; a value stored before encryption is returned as it is; null stays null. */
    public String decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String keyId = colon < 0 ? "" : rest.substring(0, colon);
        if (!keys.containsKey(keyId)) {
            throw new UnreadableSecretException("A channel secret is encrypted with key '" + keyId + "', which " + KEYS
                    + " does not hold; add that key (id:base64) to the list");
        }
        try {
            byte[] data = Base64.getDecoder().decode(rest.substring(colon + 1));
            if (data.length < IV_BYTES + TAG_BITS / 8) {
                throw new IllegalArgumentException("too short");
            }
            Cipher cipher = aesGcm(Cipher.DECRYPT_MODE, keyId, Arrays.copyOf(data, IV_BYTES));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new UnreadableSecretException("A channel secret does not decrypt with key '" + keyId + "': the key of"
                    + " that id in " + KEYS + " is not the one it was encrypted with, or the stored value was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE", e);
        }
    }

    /** Whether a stored value should be written again: in the clear, or encrypted with another key than the first. */
    public boolean isStale(String stored) {
        return stored != null && !stored.startsWith(PREFIX + primary + ":");
    }

    private Cipher aesGcm(int mode, String keyId, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, keys.get(keyId), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static Map<String, SecretKey> parse(List<String> entries) {
        List<String> present = new ArrayList<>();
        entries.stream().map(String::trim).filter(e -> !e.isEmpty()).forEach(present::add);
        if (present.isEmpty()) {
            throw new IllegalStateException(KEYS + " (CHURNWATCH_ALERT_SECRETS_KEYS) is not set: alert-service encrypts"
                    + " channel secrets at rest and needs a key. Set it to id:base64key, for example"
                    + " k1:$(openssl rand -base64 32)");
        }
        Map<String, SecretKey> parsed = new LinkedHashMap<>();
        for (String entry : present) {
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(
                        KEYS + ": each entry is id:base64key with an id of letters, digits, '.', '_' or '-'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                throw new IllegalStateException(
                        KEYS + ": key '" + id + "' must be 32 bytes in Base64 (openssl rand -base64 32)");
            }
            if (parsed.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalStateException(KEYS + ": key id '" + id + "' appears twice");
            }
        }
        return parsed;
    }
}
