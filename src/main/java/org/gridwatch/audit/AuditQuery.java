package org.gridwatch.audit;

import java.time.Instant;

/**
 * Which audit records to read: a time window, one actor, one action, after a position, at most so
 * many. Every criterion is optional (null). Immutable.
 *
 * @param from     at or after (inclusive)
 * @param to       before (exclusive)
 * @param actorId  only this actor
 * @param action   only this action
 * @param afterSeq only records after this seq (paging)
 * @param limit    at most this many; 0 for all
 */
public record AuditQuery(Instant from, Instant to, String actorId, AuditAction action, Long afterSeq, int limit) {
    /** The whole trail. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, 0);
    }
}
