package org.gridwatch.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded step of a case: a change of its status, or an action recorded with the status
 * unchanged ({@code from == to}: a supporting unit sent, a reassignment, 督办, 流转…; see
 * {@link CaseAction}).
 *
 * @param from    previous status; {@code null} for the initial report
 * @param to      new status (the same as {@code from} for the actions that keep it)
 * @param actor   who made the change, as shown: the user's display name, the unit's call sign or {@code "system"}
 * @param at      when the change was made
 * @param note    free text (for 流转 the reason, for 督办 the instruction); may be {@code null}
 * @param unitId  the patrol unit this step concerns (sent, recalled, arriving); {@code null} for
 *                steps that involve no unit
 * @param actorId the authenticated principal who made the change (login, device or key id); {@code null}
 *                for changes the system makes itself and for those recorded before authentication
 * @param action  what the step did
 * @param target  what the action names besides the unit: the incident id merged into
 *                ({@link CaseAction#MERGE}), the unit taken off ({@link CaseAction#REASSIGN}), the
 *                handling level moved to ({@link CaseAction#TRANSFER}); {@code null} otherwise
 * @param due     the deadline a 督办 sets ({@link CaseAction#SUPERVISE}); {@code null} otherwise
 */
public record Transition(Status from, Status to, String actor, Instant at, String note, String unitId, String actorId,
                         CaseAction action, String target, Instant due) {
    public Transition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
    }

    /** A status change; a dispatched (arrived) one naming a unit is a {@link CaseAction#DISPATCH} ({@link CaseAction#ARRIVE}). */
    public Transition(Status from, Status to, String actor, Instant at, String note, String unitId, String actorId) {
        this(from, to, actor, at, note, unitId, actorId, implied(to, unitId), null, null);
    }

    /** A change made by the system itself (no authenticated actor). */
    public Transition(Status from, Status to, String actor, Instant at, String note, String unitId) {
        this(from, to, actor, at, note, unitId, null);
    }

    /** A change that involves no unit. */
    public Transition(Status from, Status to, String actor, Instant at, String note) {
        this(from, to, actor, at, note, null);
    }

    /** The action of a status change to {@code to} naming {@code unitId}: the one that records stored before actions had. */
    public static CaseAction implied(Status to, String unitId) {
        if (unitId != null && to == Status.DISPATCHED) {
            return CaseAction.DISPATCH;
        }
        if (unitId != null && to == Status.ON_SCENE) {
            return CaseAction.ARRIVE;
        }
        return to == Status.MERGED ? CaseAction.MERGE : CaseAction.STATUS;
    }

    /** True when the status changed (false for the actions recorded with it unchanged). */
    public boolean changesStatus() {
        return from != to;
    }
}
