package org.gridwatch.incident;

import java.time.Instant;
import java.util.Objects;

/**
 * A unit on a case (sent and not yet released): the lead unit (主办) or a supporting one (协助),
 * on its way or on scene. Derived from the case's history ({@link Incident#units()}).
 *
 * @param unitId  the unit
 * @param lead    true for the lead unit (at most one per case), false for a supporting one
 * @param onScene true once it arrived
 * @param sentAt  when it was sent
 */
public record CaseUnit(String unitId, boolean lead, boolean onScene, Instant sentAt) {
    public CaseUnit {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(sentAt, "sentAt");
    }

    /** {@code "lead"} or {@code "support"}, as the API names the role. */
    public String role() {
        return lead ? "lead" : "support";
    }
}
