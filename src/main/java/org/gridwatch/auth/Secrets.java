package org.gridwatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their hashes. A secret is a type prefix and 256 random bits, base64url
 * ({@code gwd_…} device key, {@code gwk_…} API key, {@code gwa_…} access token, {@code gwr_…}
 * refresh token, {@code gwt_…} live ticket): so much entropy needs no slow hash, and a SHA-256 of it
 * is what is stored and looked up. Passwords, chosen by people, use {@link PasswordHasher}.
 * Thread-safe.
 */
public final class Secrets {
    /** Prefix of device keys. */
    public static final String DEVICE = "gwd_";
    /** Prefix of API keys. */
    public static final String API_KEY = "gwk_";
    /** Prefix of access tokens. */
    public static final String ACCESS = "gwa_";
    /** Prefix of refresh tokens. */
    public static final String REFRESH = "gwr_";
    /** Prefix of one-time {@code /live} tickets. */
    public static final String TICKET = "gwt_";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private Secrets() {
    }

    /** A new secret: {@code prefix} and 256 random bits, base64url without padding. */
    public static String newSecret(String prefix) {
        byte[] b = new byte[BYTES];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A short random id: {@code prefix} and 8 hex digits. */
    public static String newId(String prefix) {
        return prefix + HexFormat.of().toHexDigits(RANDOM.nextInt());
    }

    /** Hex SHA-256 of the UTF-8 text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Compares two strings in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code text} looks like a secret of this kind (prefix and 43 base64url characters). */
    public static boolean looksLike(String text, String prefix) {
        if (text == null || text.length() != prefix.length() + 43 || !text.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
