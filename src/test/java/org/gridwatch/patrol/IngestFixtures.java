package org.gridwatch.patrol;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.gridwatch.geo.Crs;

/** Units, reports and a group commit for the ingest stage tests. */
final class IngestFixtures {
    static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");
    static final Unit CAR = new Unit("CAR1", "滨城巡逻1号", UnitKind.POLICE_CAR, "滨城区公安分局", "371602", "371602001", true);
    static final Unit FOOT = new Unit("FOOT1", "滨城步巡1号", UnitKind.FOOT_PATROL, "滨城区公安分局", "371602", "371602001", true);

    final Map<String, UnitRecord> roster = new HashMap<>();

    IngestFixtures() {
        roster.put(CAR.id(), new UnitRecord(CAR, UnitStatus.AVAILABLE, null));
        roster.put(FOOT.id(), new UnitRecord(FOOT, UnitStatus.AVAILABLE, null));
    }

    /** Gives {@code unit} a stored last position. */
    IngestFixtures last(Unit unit, double lon, double lat, Instant t) {
        roster.put(unit.id(), new UnitRecord(unit, UnitStatus.AVAILABLE,
                new Position(unit.id(), lon, lat, t, Double.NaN, Double.NaN, Double.NaN)));
        return this;
    }

    IngestGroup group() {
        return new IngestGroup(NOW, roster::get);
    }

    static PositionReport report(String unit, double lon, double lat, Instant t) {
        return new PositionReport(unit, lon, lat, Crs.WGS84, t, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A candidate already converted and matched to its unit, as the stages before order see it. */
    static IngestStage.Candidate located(IngestGroup g, PositionReport r) {
        IngestStage.Candidate c = new IngestStage.Candidate(0, r);
        new CrsStage().check(c, g);
        new KnownUnitStage().check(c, g);
        return c;
    }
}
