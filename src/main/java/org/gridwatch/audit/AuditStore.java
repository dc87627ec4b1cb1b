package org.gridwatch.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit trail's part of the system of record: append-only (no method changes or removes a
 * record except retention). Blocking, like every store method. Several processes may append to
 * one store (the command line beside a running server): each append links to what is stored then.
 */
public interface AuditStore {
    /**
     * Appends events in order, in one transaction: each gets the next {@code seq} and is linked to
     * the record before it ({@link AuditChain#link}), the last stored record for the first event.
     *
     * @return the stored records
     * @throws org.gridwatch.error.StoreException when the append fails (nothing appended)
     */
    List<AuditRecord> appendAudit(List<AuditEvent> events);

    /** Streams the records matching {@code query}, by ascending {@code seq}. */
    void forEachAudit(AuditQuery query, Consumer<AuditRecord> sink);

    /**
     * Deletes the records older than {@code before} and appends a {@link AuditAction#RETENTION}
     * record naming the first record kept, in one transaction.
     *
     * @param retention the retention record's event (its target is set by the store)
     * @return how many records were deleted (none: nothing is appended)
     */
    long deleteAuditBefore(Instant before, AuditEvent retention);
}
