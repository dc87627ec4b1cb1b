package org.gridwatch.city;

import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Unit;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.coverage.CoverageUnion;
import org.locationtech.jts.coverage.CoverageValidator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/** Checks the committed demo city in {@code gis-data/binzhou} (tests run from the repository root). */
class CityDataTest {
    private static final Path DIR = Path.of("gis-data", "binzhou");
    private static CityData city;
    private static final Map<AdminLevel, List<AdminArea>> BY_LEVEL = new TreeMap<>();
    private static final Map<String, AdminArea> BY_CODE = new HashMap<>();

    @BeforeAll
    static void load() throws IOException {
        city = CityData.load(DIR);
        for (AdminLevel l : AdminLevel.values()) {
            BY_LEVEL.put(l, city.areas(l));
        }
        for (AdminArea a : city.areas()) {
            BY_CODE.put(a.code(), a);
        }
    }

    private static List<AdminArea> level(AdminLevel l) {
        return BY_LEVEL.get(l);
    }

    @Test
    void countsAreInRange() {
        assertThat(level(AdminLevel.CITY)).hasSize(1);
        assertThat(level(AdminLevel.COUNTY)).hasSize(7);
        assertThat(level(AdminLevel.TOWNSHIP).size()).isBetween(80, 100);
        assertThat(level(AdminLevel.VILLAGE).size()).isBetween(4_000, 5_000);
        assertThat(level(AdminLevel.GRID).size()).isBetween(10_500, 11_100);
        assertThat(city.posts()).hasSize(1_161);
        assertThat(city.keyPlaces().size()).isBetween(250, 350);
        assertThat(city.units().size()).isBetween(2_300, 2_700);
    }

    @Test
    void codesAreWellFormedUniqueAndNested() {
        assertThat(BY_CODE).hasSize(city.areas().size());
        AdminArea root = level(AdminLevel.CITY).get(0);
        assertThat(root.code()).isEqualTo("371600");
        assertThat(root.name()).isEqualTo("滨州市");
        for (AdminArea a : city.areas()) {
            assertThat(a.code()).as(a.code()).matches("\\d{" + a.level().codeLength() + "}");
            assertThat(a.demo()).as(a.code()).isTrue();
            assertThat(a.name()).as(a.code()).isNotBlank();
            if (a.level() == AdminLevel.CITY) {
                continue;
            }
            AdminArea parent = BY_CODE.get(a.parentCode());
            assertThat(parent).as("parent of " + a.code()).isNotNull();
            assertThat(parent.level().child()).contains(a.level());
            assertThat(a.code()).startsWith(parent.level().descendantPrefix(parent.code()));
            if (a.level() == AdminLevel.GRID) {
                assertThat(a.gridWorker()).as(a.code()).matches("\\p{IsHan}{2,3}");
                assertThat(a.name()).isEqualTo(parent.name() + "第" + Integer.parseInt(a.code().substring(12)) + "网格");
            } else {
                assertThat(a.gridWorker()).isNull();
            }
        }
        for (AdminArea t : level(AdminLevel.TOWNSHIP)) {
            assertThat(t.name()).as(t.code()).matches(".+(街道|镇|乡)");
            int n = Integer.parseInt(t.code().substring(6));
            assertThat(t.name().endsWith("街道") ? n < 100 : t.name().endsWith("镇") ? n >= 100 && n < 200 : n >= 200)
                    .as(t.code() + " " + t.name()).isTrue();
        }
        for (AdminArea v : level(AdminLevel.VILLAGE)) {
            assertThat(v.name()).as(v.code()).matches(".+(社区|村)");
            assertThat(Integer.parseInt(v.code().substring(9)) < 200).as(v.code() + " " + v.name())
                    .isEqualTo(v.name().endsWith("社区"));
        }
        assertThat(level(AdminLevel.TOWNSHIP).stream().filter(t -> t.name().endsWith("街道")).count())
                .isGreaterThanOrEqualTo(7);
    }

    @Test
    void everyGeometryIsAValidNonEmptyPolygon() {
        for (AdminArea a : city.areas()) {
            assertThat((Object) a.geometry()).as(a.code()).isInstanceOf(Polygon.class);
            assertThat(a.geometry().isEmpty()).as(a.code()).isFalse();
            assertThat(a.geometry().isValid()).as(a.code()).isTrue();
            assertThat(a.geometry().getSRID()).isEqualTo(4326);
        }
    }

    @Test
    void eachCountyContainsItsSeat() throws IOException {
        JsonObject frame = new JsonObject(Files.readString(DIR.resolve("frame.geojson"), StandardCharsets.UTF_8));
        JsonArray features = frame.getJsonArray("features");
        int seats = 0;
        for (int i = 0; i < features.size(); i++) {
            JsonObject f = features.getJsonObject(i);
            if (!"county".equals(f.getJsonObject("properties").getString("kind"))) {
                continue;
            }
            String code = f.getJsonObject("properties").getString("adcode");
            JsonArray c = f.getJsonObject("geometry").getJsonArray("coordinates");
            Point seat = Geo.point(c.getDouble(0), c.getDouble(1));
            AdminArea county = BY_CODE.get(code);
            assertThat(county).as(code).isNotNull();
            assertThat(county.name()).isEqualTo(f.getJsonObject("properties").getString("name"));
            assertThat(county.geometry().contains(seat)).as(code).isTrue();
            seats++;
        }
        assertThat(seats).isEqualTo(7);
    }

    @Test
    void eachLevelTilesItsParent() {
        for (AdminLevel parentLevel : List.of(AdminLevel.CITY, AdminLevel.COUNTY, AdminLevel.TOWNSHIP,
                AdminLevel.VILLAGE)) {
            Map<String, List<AdminArea>> children = childrenOf(parentLevel.child().orElseThrow());
            for (AdminArea parent : level(parentLevel)) {
                List<AdminArea> kids = children.get(parent.code());
                assertThat(kids).as("children of " + parent.code()).isNotEmpty();
                Geometry[] coverage = kids.stream().map(AdminArea::geometry).toArray(Geometry[]::new);
                assertThat(CoverageValidator.isValid(coverage)).as("coverage of " + parent.code()).isTrue();
                double parentArea = geodesicArea(parent.geometry());
                double sum = 0;
                for (Geometry g : coverage) {
                    sum += geodesicArea(g);
                }
                assertThat(Math.abs(parentArea - sum)).as("Σ children area of " + parent.code()).isLessThan(1.0);
                Geometry union = coverage.length == 1 ? coverage[0] : CoverageUnion.union(coverage);
                assertThat(Math.abs(geodesicArea(union) - parentArea)).as("union area of " + parent.code())
                        .isLessThan(1.0);
                assertThat(geodesicArea(OverlayNGRobust.overlay(union, parent.geometry(), OverlayNG.SYMDIFFERENCE))).as("gaps/overhang of " + parent.code())
                        .isLessThan(1.0);
            }
        }
    }

    @Test
    void eachLevelIsOneValidCoverageCityWide() {
        for (AdminLevel l : List.of(AdminLevel.COUNTY, AdminLevel.TOWNSHIP, AdminLevel.VILLAGE, AdminLevel.GRID)) {
            Geometry[] coverage = level(l).stream().map(AdminArea::geometry).toArray(Geometry[]::new);
            assertThat(CoverageValidator.isValid(coverage)).as(l.id()).isTrue();
        }
    }

    @Test
    void storedAreasAndPopulationsAreConsistent() {
        for (AdminArea a : city.areas()) {
            assertThat(a.areaSqm()).as(a.code()).isCloseTo(geodesicArea(a.geometry()),
                    offset(0.01 + a.areaSqm() * 1e-9));
            assertThat(a.population()).as(a.code()).isGreaterThan(0);
            assertThat(a.households()).as(a.code()).isGreaterThan(0).isLessThan(a.population());
        }
        for (AdminLevel parentLevel : List.of(AdminLevel.CITY, AdminLevel.COUNTY, AdminLevel.TOWNSHIP,
                AdminLevel.VILLAGE)) {
            Map<String, List<AdminArea>> children = childrenOf(parentLevel.child().orElseThrow());
            for (AdminArea p : level(parentLevel)) {
                List<AdminArea> kids = children.get(p.code());
                assertThat(kids.stream().mapToLong(AdminArea::population).sum()).isEqualTo(p.population());
                assertThat(kids.stream().mapToLong(AdminArea::households).sum()).isEqualTo(p.households());
            }
        }
        long total = level(AdminLevel.CITY).get(0).population();
        assertThat(total).isBetween(3_500_000L, 4_300_000L);
        // Urban grids (in communities): about 0.2–0.5 km² and 300–500 households.
        List<AdminArea> urban = level(AdminLevel.GRID).stream()
                .filter(g -> BY_CODE.get(g.parentCode()).name().endsWith("社区")).toList();
        assertThat(urban.size()).isGreaterThan(1_000);
        assertThat(urban).allSatisfy(g -> assertThat(g.households()).isBetween(300L, 500L));
        double[] areas = urban.stream().mapToDouble(AdminArea::areaSqm).sorted().toArray();
        assertThat(areas[areas.length / 2]).isBetween(0.2e6, 0.5e6);
        double[] rural = level(AdminLevel.GRID).stream().filter(g -> !urban.contains(g))
                .mapToDouble(AdminArea::areaSqm).sorted().toArray();
        assertThat(rural[rural.length / 2]).isGreaterThan(areas[areas.length / 2]);
    }

    /**
     * The documented numbering rule (CityGenerator Javadoc): serials 001… in reading order of
     * the centroids, rows of 0.005° from the village's northern edge, west to east in a row.
     */
    @Test
    void gridSerialsFollowReadingOrder() {
        Map<String, List<AdminArea>> children = childrenOf(AdminLevel.GRID);
        for (AdminArea village : level(AdminLevel.VILLAGE)) {
            List<AdminArea> grids = new ArrayList<>(children.get(village.code()));
            double north = grids.stream().mapToDouble(g -> g.geometry().getEnvelopeInternal().getMaxY()).max()
                    .orElseThrow();
            assertThat(north).isEqualTo(village.geometry().getEnvelopeInternal().getMaxY());
            grids.sort(Comparator.comparingDouble((AdminArea g) -> Math.floor(
                            (north - g.geometry().getCentroid().getY()) / 0.005))
                    .thenComparingDouble(g -> g.geometry().getCentroid().getX())
                    .thenComparingDouble(g -> -g.geometry().getCentroid().getY()));
            for (int i = 0; i < grids.size(); i++) {
                assertThat(grids.get(i).code()).as("grid %d of %s in reading order", i + 1, village.code())
                        .isEqualTo(village.code() + String.format("%03d", i + 1));
            }
        }
    }

    @Test
    void postsAndKeyPlacesLieInTheirGrid() {
        Set<String> ids = new HashSet<>();
        for (SchoolPost p : city.posts()) {
            AdminArea grid = BY_CODE.get(p.gridCode());
            assertThat(grid.level()).isEqualTo(AdminLevel.GRID);
            assertThat(grid.geometry().contains(p.gate())).as(p.id()).isTrue();
            assertThat(p.gridCode()).startsWith(p.countyCode());
            assertThat(p.radiusMetres()).isBetween(50.0, 150.0);
            assertThat(p.requiredStaff()).isBetween(1, 4);
            assertThat(p.name()).matches(".+(幼儿园|小学|中学)");
            assertThat(ids.add(p.name())).as("unique school name " + p.name()).isTrue();
        }
        for (KeyPlace k : city.keyPlaces()) {
            AdminArea grid = BY_CODE.get(k.gridCode());
            assertThat(grid.geometry().contains(k.location())).as(k.id()).isTrue();
            assertThat(k.gridCode()).startsWith(k.countyCode());
            assertThat(ids.add(k.name())).as("unique place name " + k.name()).isTrue();
        }
        assertThat(city.keyPlaces().stream().map(KeyPlace::kind).distinct().count()).isEqualTo(7);
    }

    @Test
    void unitsBelongToTheirHomeArea() {
        Set<String> callSigns = new HashSet<>();
        for (Unit u : city.units()) {
            assertThat(u.id()).matches("U\\d{6}");
            assertThat(BY_CODE.get(u.homeCountyCode()).level()).isEqualTo(AdminLevel.COUNTY);
            assertThat(BY_CODE.get(u.homeTownshipCode()).parentCode()).isEqualTo(u.homeCountyCode());
            assertThat(callSigns.add(u.callSign())).as(u.callSign()).isTrue();
        }
        assertThat(city.units().stream().map(Unit::kind).distinct().count()).isEqualTo(5);
    }

    @Test
    void badContentIsReportedWithFileAndFeature(@TempDir Path tmp) throws IOException {
        for (String f : CityData.FILES) {
            Files.copy(DIR.resolve(f), tmp.resolve(f));
        }
        Path villages = tmp.resolve(CityData.VILLAGES_FILE);
        String text = Files.readString(villages, StandardCharsets.UTF_8);
        AdminArea victim = level(AdminLevel.VILLAGE).get(5);
        String broken = text.replaceFirst("\"code\":\"" + victim.code() + "\",\"name\":\"[^\"]*\"",
                "\"code\":\"" + victim.code() + "\",\"name\":42");
        assertThat(broken).isNotEqualTo(text);
        Files.writeString(villages, broken, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CityData.load(tmp)).isInstanceOf(IOException.class)
                .hasMessageContaining(CityData.VILLAGES_FILE).hasMessageContaining("feature 5")
                .hasMessageContaining(victim.code()).hasMessageContaining("name");

        Files.delete(tmp.resolve(CityData.UNITS_FILE));
        Files.writeString(villages, text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CityData.load(tmp)).isInstanceOf(IOException.class)
                .hasMessageContaining(CityData.UNITS_FILE);
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, List<AdminArea>> childrenOf(AdminLevel childLevel) {
        Map<String, List<AdminArea>> m = new HashMap<>();
        for (AdminArea a : level(childLevel)) {
            m.computeIfAbsent(a.parentCode(), k -> new ArrayList<>()).add(a);
        }
        return m;
    }

    /** Geodesic area on WGS84 in m², an oracle independent of the generator's own. */
    static double geodesicArea(Geometry g) {
        double total = 0;
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            if (p.isEmpty()) {
                continue;
            }
            total += ring(p.getExteriorRing());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                total -= ring(p.getInteriorRingN(h));
            }
        }
        return total;
    }

    private static double ring(LineString r) {
        PolygonArea pa = new PolygonArea(Geodesic.WGS84, false);
        Coordinate[] cs = r.getCoordinates();
        for (int i = 0; i + 1 < cs.length; i++) {
            pa.AddPoint(cs[i].y, cs[i].x);
        }
        return Math.abs(pa.Compute(false, true).area);
    }

    @Test
    void theDemoCityIsPackedOnTheClassPathAsCommitted() throws IOException {
        Path packed = CityData.demoDirectory();
        assertThat(packed.toAbsolutePath().normalize()).isNotEqualTo(DIR.toAbsolutePath().normalize());
        for (String file : CityData.FILES) {
            assertThat(java.nio.file.Files.readAllBytes(packed.resolve(file))).as(file)
                    .isEqualTo(java.nio.file.Files.readAllBytes(DIR.resolve(file)));
        }
        assertThat(CityData.directory(null)).isEqualTo(packed);
        assertThat(CityData.directory(DIR)).isEqualTo(DIR);
        assertThat(org.gridwatch.config.ConfigLoader.load(null, Map.of(), w -> { }).city().data())
                .as("city.data defaults to the packed demo city").isNull();
    }
}
