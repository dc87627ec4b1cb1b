package org.gridwatch.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded change of an incident's status.
 *
 * @param from  previous status; {@code null} for the initial report
 * @param to    new status
 * @param actor who made the change, as shown: the user's display name, the unit's call sign or {@code "system"}
 * @param at    when the change was made
 * @param note  free text; may be {@code null}
 * @param unitId the patrol unit this change concerns (the unit dispatched, or arriving on scene);
 *               {@code null} for changes that involve no unit
 * @param actorId the authenticated principal who made the change (login, device or key id); {@code null}
 *                for changes the system makes itself and for those recorded before authentication
 */
public record Transition(Status from, Status to, String actor, Instant at, String note, String unitId, String actorId) {
    public Transition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
    }

    /** A change made by the system itself (no authenticated actor). */
    public Transition(Status from, Status to, String actor, Instant at, String note, String unitId) {
        this(from, to, actor, at, note, unitId, null);
    }

    /** A change that involves no unit. */
    public Transition(Status from, Status to, String actor, Instant at, String note) {
        this(from, to, actor, at, note, null);
    }
}
