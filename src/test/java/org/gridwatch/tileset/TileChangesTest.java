package org.gridwatch.tileset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.area.GridIndex;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitChange;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.testsupport.WktCity;
import org.gridwatch.tile.TileId;
import org.gridwatch.tile.TileVersions;
import org.gridwatch.tile.WebMercator;
import org.junit.jupiter.api.Test;

/** The {@code tiles} stage: a unit's move stamps its tiles and the grids it left and entered, each change named with its grid. */
class TileChangesTest {
    private static final GridIndex GRIDS = GridIndex.build(WktCity.hierarchy());
    private static final Unit UNIT = new Unit("U1", "巡1", UnitKind.FOOT_PATROL, "测试", "371602", "371602001", false);
    private static final Instant T = Instant.parse("2026-12-01T08:00:00Z");

    private static UnitRecord at(double x, double y) {
        return new UnitRecord(UNIT, UnitStatus.AVAILABLE, new Position("U1", WktCity.lon(x), WktCity.lat(y), T, 0, 0, 5));
    }

    private static TileId cell(double x, double y) {
        return new TileId(14, (int) WebMercator.x(WktCity.lon(x), 14), (int) WebMercator.y(WktCity.lat(y), 14));
    }

    @Test
    void aMoveStampsTheUnitsTilesAndTheGridsItLeftAndEntered() {
        TileVersions versions = new TileVersions(10_000);
        TileChanges changes = new TileChanges(versions, GRIDS, 100);
        List<TileChanges.Changed> heard = new ArrayList<>();
        changes.listen(heard::addAll);
        // From grid 1 (x 0..1, y 0.5..1) to grid 2 (x 1..2).
        changes.positionsStage().apply(List.of(new UnitChange(at(0.9, 0.7), at(1.1, 0.7))));
        assertThat(changes.positionsStage().name()).isEqualTo("tiles");
        assertThat(versions.version("units", cell(0.9, 0.7))).isPositive();
        assertThat(versions.version("units", cell(1.1, 0.7))).isPositive();
        assertThat(versions.version("units", cell(0.5, 0.2))).isZero();
        assertThat(versions.version("grids", cell(0.5, 0.9))).as("inside grid 1, which it left").isPositive();
        assertThat(versions.version("grids", cell(1.9, 0.9))).as("inside grid 2, which it entered").isPositive();
        assertThat(versions.version("grids", cell(0.5, 0.2))).as("grid 3, untouched").isZero();
        assertThat(versions.version("key-places", cell(1.1, 0.7))).isPositive();
        assertThat(versions.version("key-places", cell(0.9, 0.7))).as("the key-place radius is 100 m, not 20 km").isZero();
        assertThat(heard).filteredOn(c -> c.tileset().equals("units")).extracting(TileChanges.Changed::areaCode)
                .containsOnly("371602001001002");
        assertThat(heard).filteredOn(c -> c.tileset().equals("grids")).extracting(TileChanges.Changed::areaCode)
                .contains("371602001001001", "371602001001002");
        assertThat(heard).extracting(TileChanges.Changed::tileset).containsOnly("units", "grids", "key-places");
        assertThat(heard).allSatisfy(c -> assertThat(c.tile().z()).isEqualTo(TileVersions.LOG_ZOOM));
    }

    @Test
    void aUnitWithoutAPositionTouchesNothing() {
        TileVersions versions = new TileVersions(10_000);
        TileChanges changes = new TileChanges(versions, GRIDS, 100);
        List<TileChanges.Changed> heard = new ArrayList<>();
        changes.listen(heard::addAll);
        changes.positionsStage().apply(List.of(new UnitChange(null, new UnitRecord(UNIT, UnitStatus.AVAILABLE, null))));
        assertThat(heard).isEmpty();
        assertThat(versions.head("units")).isZero();
    }
}
