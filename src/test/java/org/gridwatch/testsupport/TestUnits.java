package org.gridwatch.testsupport;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;

/** Units of the focused test cases, reporting at given distances east of a spot; each call yields its change record. */
public final class TestUnits {
    private final Map<String, UnitRecord> units = new HashMap<>();
    private final double lon;
    private final double lat;

    public TestUnits(double lon, double lat) {
        this.lon = lon;
        this.lat = lat;
    }

    /** Unit {@code id} (available when new) reports a fix taken at {@code fix}, {@code metres} east of the spot. */
    public List<UnitChange> report(String id, double metres, Instant fix) {
        UnitRecord before = units.computeIfAbsent(id, k -> new UnitRecord(
                new Unit(k, k, UnitKind.SECURITY_GUARD, "保安公司", "371602", "371602001", true), UnitStatus.AVAILABLE, null));
        double[] p = PatrolStream.offset(lon, lat, metres, 90);
        UnitRecord after = before.withLastPosition(Position.of(id, p[0], p[1], fix));
        units.put(id, after);
        return List.of(new UnitChange(before, after));
    }

    /** Unit {@code id} changes its duty status. */
    public List<UnitChange> status(String id, UnitStatus s) {
        UnitRecord before = units.get(id);
        units.put(id, before.withStatus(s));
        return List.of(new UnitChange(before, units.get(id)));
    }
}
