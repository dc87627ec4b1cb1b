package org.gridwatch.casework;

import java.time.Instant;
import java.util.Optional;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.vocab.Term;

/**
 * The steps of a case that have a time limit ({@link TimeLimits}): 受理 accept, 到场 arrive, 处置
 * handle (the feedback), 结案 close, and the deadline a 督办 set. A step is met once the case has
 * reached it, or gone past it, or ended (rejected, merged: nothing is due any more).
 */
public enum CaseStep implements Term {
    ACCEPT("accept", "受理", Status.ACCEPTED),
    ARRIVE("arrive", "到场", Status.ON_SCENE),
    HANDLE("handle", "处置", Status.HANDLED),
    CLOSE("close", "结案", Status.CLOSED),
    /** The deadline of the last 督办: met when the case is handled (办结). */
    SUPERVISION("supervision", "督办", Status.HANDLED);

    private final String id;
    private final String label;
    private final Status reached;

    CaseStep(String id, String label, Status reached) {
        this.id = id;
        this.label = label;
        this.reached = reached;
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
     * When the case met this step: the first step of its history to {@code reached} or a status
     * after it on the main line (an arrival is met by a case handled without sending anyone), or
     * to a terminal status; empty while it is due.
     */
    public Optional<Instant> metAt(Incident i) {
        for (Transition t : i.history()) {
            Status to = t.to();
            if (to.isTerminal() || (to.ordinal() >= reached.ordinal() && to.ordinal() <= Status.CLOSED.ordinal())) {
                return Optional.of(t.at());
            }
        }
        return Optional.empty();
    }

    /** True when the case's history records this step overdue ({@link CaseAction#OVERDUE} naming it). */
    public boolean recordedOverdue(Incident i) {
        for (Transition t : i.history()) {
            if (t.action() == CaseAction.OVERDUE && id.equals(t.target())) {
                return true;
            }
        }
        return false;
    }

    /** Parses an API identifier (exact, lower case). */
    public static Optional<CaseStep> parse(String text) {
        return Term.parse(CaseStep.class, text);
    }
}
