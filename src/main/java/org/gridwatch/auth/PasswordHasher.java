package org.gridwatch.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106, BouncyCastle's implementation) in the PHC string format
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} that other tools read. A hash
 * keeps the cost it was made with, so raising the cost leaves old hashes verifiable.
 *
 * <p>Deliberately slow (tens of milliseconds, {@code m} KiB of memory per call): never on an event
 * loop. Thread-safe.
 */
public final class PasswordHasher {
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final int LANES = 1;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    /** Largest memory cost accepted from a stored hash, KiB (a corrupt row must not exhaust the heap). */
    private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

    private final int memoryKib;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    /** A hash of nothing, verified against when there is no account, so that a wrong login name takes as long. */
    private final String decoy;

    /**
     * @param memoryKib  memory cost of new hashes, KiB
     * @param iterations time cost (passes) of new hashes
     */
    public PasswordHasher(int memoryKib, int iterations) {
        if (memoryKib < 8 * LANES || iterations < 1) {
            throw new IllegalArgumentException("Argon2id needs m ≥ 8 KiB and t ≥ 1");
        }
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.decoy = hash(new char[] {'-'});
    }

    /** A new hash of {@code password} with a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] h = derive(password, salt, memoryKib, iterations, LANES, HASH_BYTES);
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(h);
    }

    /**
     * True when {@code password} matches {@code stored} (a PHC string made by {@link #hash}); false
     * for a wrong password and for a stored string that is not an Argon2id hash. Constant time in
     * where the hashes differ.
     */
    public boolean verify(char[] password, String stored) {
        Parsed p = parse(stored);
        if (p == null) {
            return false;
        }
        byte[] h = derive(password, p.salt, p.memory, p.iterations, p.lanes, p.hash.length);
        return MessageDigest.isEqual(h, p.hash);
    }

    /** Spends the time of one verification, for a login name that has no account. */
    public void verifyDecoy(char[] password) {
        verify(password, decoy);
    }

    /** True when {@code stored} was made with a lower cost than this hasher's. */
    public boolean needsRehash(String stored) {
        Parsed p = parse(stored);
        return p == null || p.memory < memoryKib || p.iterations < iterations;
    }

    private record Parsed(int memory, int iterations, int lanes, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String stored) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return null;
        }
        int m = -1;
        int t = -1;
        int p = -1;
        for (String kv : parts[3].split(",")) {
            String[] pair = kv.split("=", 2);
            if (pair.length != 2) {
                return null;
            }
            int v;
            try {
                v = Integer.parseInt(pair[1]);
            } catch (NumberFormatException e) {
                return null;
            }
            switch (pair[0]) {
                case "m" -> m = v;
                case "t" -> t = v;
                case "p" -> p = v;
                default -> {
                    return null;
                }
            }
        }
        if (m < 8 || m > MAX_MEMORY_KIB || t < 1 || t > 100 || p < 1 || p > 16) {
            return null;
        }
        try {
            byte[] salt = B64D.decode(parts[4]);
            byte[] hash = B64D.decode(parts[5]);
            return salt.length < 8 || hash.length < 16 ? null : new Parsed(m, t, p, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int memory, int iterations, int lanes, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory).withIterations(iterations)
                .withParallelism(lanes).withSalt(salt).build();
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(params);
        byte[] out = new byte[length];
        byte[] pw = toUtf8(password);
        try {
            g.generateBytes(pw, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
        return out;
    }

    private static byte[] toUtf8(char[] password) {
        java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }
}
