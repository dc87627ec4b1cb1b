package org.gridwatch.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The hash chain that makes the audit trail tamper-evident: a record's hash is the SHA-256 of the
 * hash before it and of every field of the record, so changing, inserting or removing a record
 * breaks every later link. Stores link records with {@link #link} as they append them; {@link
 * Verifier} walks a trail and names the first broken record. Stateless; thread-safe.
 */
public final class AuditChain {
    /** The previous hash of the first record ever. */
    public static final String GENESIS = "0".repeat(64);
    private static final char SEP = '\u001f';

    private AuditChain() {
    }

    /** The record at {@code seq} after the record whose hash is {@code prevHash}. */
    public static AuditRecord link(long seq, String prevHash, AuditEvent e) {
        return new AuditRecord(seq, e, prevHash, hash(seq, prevHash, e));
    }

    /** The hash a record with these contents must carry. */
    public static String hash(long seq, String prevHash, AuditEvent e) {
        // Times at millisecond precision: what both stores keep.
        StringBuilder b = new StringBuilder(256).append(prevHash).append(SEP).append(seq).append(SEP)
                .append(e.at().truncatedTo(ChronoUnit.MILLIS)).append(SEP).append(e.actorKind()).append(SEP)
                .append(e.actorId()).append(SEP).append(e.actorName()).append(SEP).append(e.address()).append(SEP)
                .append(e.userAgent()).append(SEP).append(e.action().id()).append(SEP).append(e.route()).append(SEP)
                .append(e.target()).append(SEP).append(e.outcome()).append(SEP).append(e.detail());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("the JDK has no SHA-256", ex);
        }
    }

    /**
     * Walks a trail in order of {@code seq}. The first record may follow records removed by
     * retention: then a retention record later in the trail must name it as the first kept
     * ({@code target} "first kept seq N"), or the start of the trail counts as broken.
     * Not thread-safe: one walk per verifier.
     */
    public static final class Verifier {
        private long checked;
        private AuditRecord previous;
        private AuditRecord first;
        private Long firstKeptClaimed;
        private String broken;

        /** Checks the next record; returns false (and keeps the reason) at the first broken one. */
        public boolean accept(AuditRecord r) {
            if (broken != null) {
                return false;
            }
            String expected = hash(r.seq(), r.prevHash(), r.event());
            if (!expected.equals(r.hash())) {
                broken = "record " + r.seq() + ": its contents do not match its hash (the record was changed)";
                return false;
            }
            if (previous == null) {
                first = r;
                if (r.seq() == 1 && !r.prevHash().equals(GENESIS)) {
                    broken = "record 1: it does not start the chain";
                    return false;
                }
            } else {
                if (r.seq() != previous.seq() + 1) {
                    broken = "record " + r.seq() + ": records " + (previous.seq() + 1) + " to " + (r.seq() - 1)
                            + " are missing";
                    return false;
                }
                if (!r.prevHash().equals(previous.hash())) {
                    broken = "record " + r.seq() + ": it does not follow record " + previous.seq()
                            + " (a record was replaced or inserted)";
                    return false;
                }
            }
            if (r.event().action() == AuditAction.RETENTION) {
                firstKeptClaimed = parseFirstKept(r.event().target()).orElse(null);
            }
            previous = r;
            checked++;
            return true;
        }

        /** Empty when the trail checked so far is intact, else what is broken, naming the first broken record. */
        public Optional<String> result() {
            if (broken != null) {
                return Optional.of(broken);
            }
            if (first != null && first.seq() > 1 && (firstKeptClaimed == null || firstKeptClaimed != first.seq())) {
                return Optional.of("record " + first.seq() + ": records before it are missing and no retention run "
                        + "removed them" + (firstKeptClaimed != null ? " (retention kept from " + firstKeptClaimed + ")" : ""));
            }
            return Optional.empty();
        }

        /** Records checked and intact. */
        public long checked() {
            return checked;
        }

        /** The first record of the trail, if any. */
        public Optional<AuditRecord> first() {
            return Optional.ofNullable(first);
        }

        /** The last intact record, if any. */
        public Optional<AuditRecord> last() {
            return Optional.ofNullable(previous);
        }
    }

    /** The target of a retention record: "first kept seq N". */
    public static String firstKept(long seq) {
        return "first kept seq " + seq;
    }

    static Optional<Long> parseFirstKept(String target) {
        String p = "first kept seq ";
        if (target == null || !target.startsWith(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(target.substring(p.length()).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
