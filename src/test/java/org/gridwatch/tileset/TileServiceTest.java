package org.gridwatch.tileset;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtReader;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.TagKeyValueMapConverter;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.testsupport.MutableClock;
import org.gridwatch.testsupport.WktCity;
import org.gridwatch.tile.TileId;
import org.gridwatch.tile.TileVersions;
import org.gridwatch.tile.WebMercator;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;

/** Tiles of fixture layers: encoded inside the scope, cached until their version moves or (ageing tilesets) the recheck passes. */
class TileServiceTest {
    private static final AreaHierarchy CITY = WktCity.hierarchy();
    private static final List<AdminArea> GRIDS = CITY.level(AdminLevel.GRID);
    /** A z8 tile over the fixture's county A (118–120 E, 37–38 N). */
    private static final TileId TILE = new TileId(8, (int) WebMercator.x(118.7, 8), (int) WebMercator.y(37.5, 8));
    private final Map<String, String> states = new HashMap<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final TileVersions versions = new TileVersions(1000);
    private final TileService service = new TileService(versions, 1 << 20, Duration.ofSeconds(5), clock);

    private FixtureLayer layer(String id) {
        return new FixtureLayer(id, GRIDS, code -> states.getOrDefault(code, "never"));
    }

    private static TileSet set(FixtureLayer l, int minZoom, boolean ages) {
        return new TileSet(l.id(), l.id(), TileSet.Kind.REFERENCE, List.of(new TileSet.Source(l, minZoom)), minZoom, 14, ages);
    }

    private static List<String> codes(byte[] mvt, String layer) throws Exception {
        var l = MvtReader.loadMvt(new ByteArrayInputStream(mvt), new GeometryFactory(), new TagKeyValueMapConverter(),
                MvtReader.RING_CLASSIFIER_V2_1).getLayer(layer);
        return l == null ? List.of() : l.getGeometries().stream().map(g -> (String) ((Map<?, ?>) g.getUserData()).get("code"))
                .sorted().toList();
    }

    @Test
    void aTileHoldsTheScopesFeaturesOnly() throws Exception {
        FixtureLayer grids = layer("grids");
        TileSet set = set(grids, 0, false);
        Scope city = new Scope(CITY.city());
        Scope countyA = new Scope(CITY.find("371602").orElseThrow());
        assertThat(codes(service.tile(set, TILE, city).bytes(), "grids")).containsExactly("371602001001001",
                "371602001001002", "371602001001003", "371602001001004");
        Scope countyB = new Scope(CITY.find("371603").orElseThrow());
        assertThat(codes(service.tile(set, TILE, countyB).bytes(), "grids")).as("county B's grids lie east of " + TILE).isEmpty();
        assertThat(service.tile(set, TILE, countyA).etag()).isEqualTo(service.tile(set, TILE, city).etag());
        assertThat(service.tile(set, new TileId(3, 6, 3), countyB).empty()).isFalse();
        assertThat(service.tile(set(layer("deep-grids"), 9, false), TILE, city).empty()).as("below its minzoom").isTrue();
        assertThat(service.tile(set(layer("deep-grids"), 9, false), new TileId(9, TILE.x() * 2, TILE.y() * 2 + 1), city)
                .empty()).isFalse();
    }

    @Test
    void aCachedTileIsEncodedAgainOnlyWhenAChangeTouchedIt() {
        FixtureLayer grids = layer("grids");
        TileSet set = set(grids, 0, false);
        Scope city = new Scope(CITY.city());
        TileService.Tile first = service.tile(set, TILE, city);
        assertThat(service.tile(set, TILE, city).etag()).isEqualTo(first.etag());
        assertThat(grids.scans).hasValue(1);
        states.put("371602001001001", "fresh");
        assertThat(service.tile(set, TILE, city).etag()).as("no change record yet: the cached tile").isEqualTo(first.etag());
        // A change far away (county B's east edge, another z8 tile) leaves this tile's version alone.
        versions.record("grids", new Envelope(120.9, 120.9, 37.5, 37.5));
        assertThat(service.tile(set, TILE, city).etag()).isEqualTo(first.etag());
        assertThat(grids.scans).hasValue(1);
        versions.record("grids", new Envelope(118.5, 118.5, 37.7, 37.7));
        TileService.Tile changed = service.tile(set, TILE, city);
        assertThat(grids.scans).hasValue(2);
        assertThat(changed.etag()).isNotEqualTo(first.etag());
        // A change that leaves the bytes as they were leaves the tag too.
        versions.record("grids", new Envelope(118.5, 118.5, 37.7, 37.7));
        assertThat(service.tile(set, TILE, city).etag()).isEqualTo(changed.etag());
        assertThat(grids.scans).hasValue(3);
    }

    @Test
    void anAgeingTilesetIsCheckedAgainAfterTheRecheck() {
        FixtureLayer grids = layer("grids");
        TileSet set = set(grids, 0, true);
        Scope city = new Scope(CITY.city());
        String first = service.tile(set, TILE, city).etag();
        states.put("371602001001003", "uncovered");   // aged: no change record says so
        clock.advance(Duration.ofSeconds(4));
        assertThat(service.tile(set, TILE, city).etag()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(2));
        assertThat(service.tile(set, TILE, city).etag()).isNotEqualTo(first);
        assertThat(grids.scans).hasValue(2);
        clock.advance(Duration.ofSeconds(6));
        String same = service.tile(set, TILE, city).etag();
        assertThat(grids.scans).hasValue(3);
        assertThat(service.tile(set, TILE, city).etag()).isEqualTo(same);
    }

    @Test
    void eachSourceAppearsFromItsZoomInTheTilesetsOneLayer() throws Exception {
        FixtureLayer counties = new FixtureLayer("counties", CITY.level(AdminLevel.COUNTY), c -> "-");
        FixtureLayer villages = new FixtureLayer("villages", CITY.level(AdminLevel.VILLAGE), c -> "-");
        TileSet areas = new TileSet("areas", "行政区划", TileSet.Kind.REFERENCE, List.of(new TileSet.Source(counties, 0),
                new TileSet.Source(villages, 8)), 0, 14, false);
        Scope city = new Scope(CITY.city());
        assertThat(codes(service.tile(areas, TILE.ancestor(7), city).bytes(), "areas")).containsExactly("371602", "371603");
        assertThat(codes(service.tile(areas, TILE, city).bytes(), "areas")).containsExactly("371602", "371602001001");
        assertThat(areas.properties()).extracting(p -> p.name()).containsExactly("code", "state");
    }
}
