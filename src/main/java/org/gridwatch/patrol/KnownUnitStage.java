package org.gridwatch.patrol;

/** Ingest stage {@code known unit}: the report's unit must be in the roster. */
public final class KnownUnitStage implements IngestStage {
    @Override
    public String name() {
        return "known unit";
    }

    @Override
    public RejectReason check(Candidate c, IngestGroup group) {
        c.unit = group.unit(c.position().unitId());
        return c.unit == null ? RejectReason.UNKNOWN_UNIT : null;
    }
}
