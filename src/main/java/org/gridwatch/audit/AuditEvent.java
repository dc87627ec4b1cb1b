package org.gridwatch.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened which the audit trail must record: who, when, from where, what and with
 * what outcome. Never holds a password, token or key. Immutable and thread-safe.
 *
 * @param at        when it happened
 * @param actorKind {@code user}, {@code device}, {@code api_key}, {@code external}, {@code anonymous} or {@code cli}
 * @param actorId   the principal's id (login, device id, key id); the attempted login for a failed one; empty if none
 * @param actorName its display name; may be empty
 * @param address   client address (IP), or {@code local} for the command line
 * @param userAgent the client's User-Agent, shortened; may be empty
 * @param action    what kind of event ({@link AuditAction})
 * @param route     the route template with its method ({@code POST /api/v1/incidents/:id/dispatch}) or the command
 * @param target    the ids it concerned ({@code incident 42, unit U000123}); may be empty
 * @param outcome   HTTP status of the answer (the command line uses the same scale)
 * @param detail    a short reason or summary; may be empty
 */
public record AuditEvent(Instant at, String actorKind, String actorId, String actorName, String address,
                         String userAgent, AuditAction action, String route, String target, int outcome, String detail) {
    /** Longest text kept in each free-text field, characters. */
    public static final int MAX_TEXT = 500;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        actorKind = clip(actorKind);
        actorId = clip(actorId);
        actorName = clip(actorName);
        address = clip(address);
        userAgent = clip(userAgent);
        route = clip(route);
        target = clip(target);
        detail = clip(detail);
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }
}
