package org.gridwatch.patrol;

/**
 * Ingest stage {@code known unit}: the report's unit must be in the roster. The position then names
 * the unit by the roster's own id string (equal, one shared instance): positions kept in memory
 * (the journal's backlog, the live index) do not each hold a copy of the id parsed from the request,
 * and its hash is computed once.
 */
public final class KnownUnitStage implements IngestStage {
    @Override
    public String name() {
        return "known unit";
    }

    @Override
    public RejectReason check(Candidate c, IngestGroup group) {
        c.unit = group.unit(c.position().unitId());
        if (c.unit == null) {
            return RejectReason.UNKNOWN_UNIT;
        }
        Position p = c.position;
        if (p.unitId() != c.unit.id()) {
            c.position = new Position(c.unit.id(), p.lon(), p.lat(), p.time(), p.speed(), p.heading(), p.accuracy(), p.telemetry());
        }
        return null;
    }
}
