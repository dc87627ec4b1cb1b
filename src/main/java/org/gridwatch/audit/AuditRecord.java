package org.gridwatch.audit;

import java.util.Objects;

/**
 * An audit event as stored: its place in the trail and the hash chaining it to the record before
 * ({@link AuditChain}). Immutable and thread-safe.
 *
 * @param seq      position in the trail, from 1, without gaps
 * @param event    what happened
 * @param prevHash hash of the record before (for the first record ever, 64 zeros)
 * @param hash     this record's hash
 */
public record AuditRecord(long seq, AuditEvent event, String prevHash, String hash) {
    public AuditRecord {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
