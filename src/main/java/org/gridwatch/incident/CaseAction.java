package org.gridwatch.incident;

import java.util.Optional;
import org.gridwatch.vocab.Term;

/**
 * What a recorded {@link Transition} did to a case. Most change the status; the others are
 * recorded in the history with the status unchanged ({@code from == to}).
 *
 * <ul>
 *   <li>{@link #STATUS}: a plain status change (accept, handle, verify, close, reject, recall of
 *       every unit back to accepted)</li>
 *   <li>{@link #DISPATCH}: the lead unit sent ({@code unitId}); to {@code dispatched}, or with the
 *       status unchanged when units are on the case already but none leads</li>
 *   <li>{@link #SUPPORT}: a supporting unit sent ({@code unitId}); status unchanged</li>
 *   <li>{@link #REASSIGN}: a unit replaced by another in its role: {@code unitId} the new one,
 *       {@code target} the unit taken off; status unchanged</li>
 *   <li>{@link #RECALL}: one unit called back ({@code unitId}); the status goes back to
 *       {@code accepted} when it was the last unit on its way</li>
 *   <li>{@link #ARRIVE}: a unit on scene ({@code unitId}); the first turns the case {@code on_scene}</li>
 *   <li>{@link #MERGE}: to {@code merged}; {@code target} the id of the incident it was merged into</li>
 *   <li>{@link #SUPERVISE}: 督办, the case flagged by a supervisor with a deadline ({@code due});
 *       status unchanged</li>
 *   <li>{@link #TRANSFER}: 流转, the case moved to another handling level ({@code target}, a
 *       {@link HandlingLevel} id) with the reason in the note; status unchanged</li>
 *   <li>{@link #OVERDUE}: recorded by the system when a step of the case passed its time limit
 *       ({@code target} the step: accept, arrive, handle, close, supervision), once per step;
 *       status unchanged</li>
 * </ul>
 */
public enum CaseAction implements Term {
    STATUS("status", "状态变更"),
    DISPATCH("dispatch", "派遣"),
    SUPPORT("support", "增援"),
    REASSIGN("reassign", "改派"),
    RECALL("recall", "撤回"),
    ARRIVE("arrive", "到场"),
    MERGE("merge", "合并"),
    SUPERVISE("supervise", "督办"),
    TRANSFER("transfer", "流转"),
    OVERDUE("overdue", "超时");

    private final String id;
    private final String label;

    CaseAction(String id, String label) {
        this.id = id;
        this.label = label;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String label() {
        return label;
    }

    /**
     * True when this action may be recorded with the status unchanged while a case is {@code s}:
     * a lead, support, reassign and recall while units are on the case (dispatched or on scene), a later
     * arrival on scene, 督办, 流转 and an overdue step of any open case. A status change ({@code from != to}) is
     * governed by {@link Status#canBecome(Status)} instead.
     */
    public boolean recordedIn(Status s) {
        return switch (this) {
            case DISPATCH, SUPPORT, REASSIGN, RECALL -> s == Status.DISPATCHED || s == Status.ON_SCENE;
            case ARRIVE -> s == Status.ON_SCENE;
            case SUPERVISE, TRANSFER, OVERDUE -> !s.isTerminal();
            case STATUS, MERGE -> false;
        };
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<CaseAction> parse(String text) {
        return Term.parse(CaseAction.class, text);
    }
}
