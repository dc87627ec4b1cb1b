package org.gridwatch.casework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** The 快速反应圈: what available units with a fresh fix reach in 3 and 5 minutes, per township. */
class RapidResponseTest {
    static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    static final double LON = WktCity.lon(1.0);
    static final double LAT = WktCity.lat(0.5);

    static UnitRecord unit(String id, UnitKind kind, UnitStatus status, Instant fix) {
        return new UnitRecord(new Unit(id, id, kind, "公安", "371602", "371602001", true), status,
                new Position(id, LON, LAT, fix, Double.NaN, Double.NaN, Double.NaN));
    }

    @Test
    void aPoliceCarReachesADiskOfItsSpeedTimesTheMinutes() {
        RapidResponse reach = new RapidResponse(WktCity.hierarchy());
        Scope city = new Scope(WktCity.hierarchy().city());
        List<UnitRecord> units = List.of(unit("CAR", UnitKind.POLICE_CAR, UnitStatus.AVAILABLE, NOW.minusSeconds(30)),
                unit("BUSY", UnitKind.POLICE_CAR, UnitStatus.BUSY, NOW),
                unit("OLD", UnitKind.POLICE_CAR, UnitStatus.AVAILABLE, NOW.minus(Duration.ofMinutes(30))));
        double speed = 30 / 3.6;   // 30 km/h
        List<RapidResponse.Reach> three = reach.reach(units, city, Duration.ofMinutes(3), k -> speed, NOW, true);
        assertThat(three).extracting(r -> r.area().code()).containsExactly("371602001", "371603001");
        RapidResponse.Reach home = three.get(0);
        // A disk of 1.5 km: 7.07 km², 67 cells of the average 0.105 km², 88 of the 0.08 km² they are here
        // (the busy and the stale car add nothing).
        assertThat(home.reached()).isBetween(60, 110);
        assertThat(home.units()).isEqualTo(1);
        assertThat(home.rate()).isEqualTo(home.reached() / (double) home.cells());
        assertThat(home.geometry().contains(Geo.point(LON, LAT))).isTrue();
        assertThat(home.geometry().contains(Geo.point(LON + 0.05, LAT))).as("4.4 km east: out of reach").isFalse();
        assertThat(three.get(1).reached()).isZero();
        assertThat(three.get(1).geometry()).isNull();

        List<RapidResponse.Reach> five = reach.reach(units, city, Duration.ofMinutes(5), k -> speed, NOW, false);
        // 2.5 km: (5/3)² as many cells.
        assertThat(five.get(0).reached()).isBetween((int) (home.reached() * 2.4), (int) (home.reached() * 3.2));
        assertThat(five.get(0).geometry()).isNull();

        Scope other = new Scope(WktCity.hierarchy().find("371603").orElseThrow());
        assertThat(reach.reach(units, other, Duration.ofMinutes(3), k -> speed, NOW, false))
                .extracting(r -> r.area().code()).containsExactly("371603001");
    }
}
