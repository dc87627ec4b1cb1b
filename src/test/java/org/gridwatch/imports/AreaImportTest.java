package org.gridwatch.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.sf.geographiclib.Geodesic;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * {@link AreaImport} into a store that already holds the {@link WktCity} hierarchy above the
 * grids: CRS conversion (CGCS2000 Gauss–Krüger zone 39, EPSG:4527), repair or rejection of invalid
 * geometry with a per-feature report, all or nothing.
 */
class AreaImportTest {
    /** CGCS2000 ellipsoid (GRS80 semi-major axis and CGCS2000 flattening). */
    private static final Geodesic CGCS2000 = new Geodesic(6_378_137.0, 1 / 298.257222101);
    private static final String VILLAGE = "371602001001";

    @TempDir
    Path dir;
    private Store store;
    private List<AdminArea> above;

    @BeforeEach
    void open() {
        store = GeoPackageStore.open(dir.resolve("gw.gpkg"), false);
        above = WktCity.areas().stream().filter(a -> a.level() != AdminLevel.GRID).toList();
        store.replaceAreas(above);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Geometry wkt(String text) throws Exception {
        return new WKTReader(Geo.FACTORY).read(text);
    }

    private Path featureCollection(String name, String crs, List<JsonObject> features) throws Exception {
        JsonObject fc = new JsonObject().put("type", "FeatureCollection").put("features", new JsonArray(features));
        if (crs != null) {
            fc.put("crs", new JsonObject().put("type", "name").put("properties", new JsonObject().put("name", crs)));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, fc.encodePrettily(), StandardCharsets.UTF_8);
        return f;
    }

    private static JsonObject feature(JsonObject properties, Geometry g) {
        return new JsonObject().put("type", "Feature").put("properties", properties).put("geometry", GeoJson.write(g));
    }

    /** WGS84 lon/lat → EPSG:4527 easting/northing with proj4j (fixture generation only). */
    private static Geometry toGaussKrueger(Geometry wgs84) {
        CRSFactory f = new CRSFactory();
        CoordinateTransform t = new CoordinateTransformFactory().createTransform(f.createFromName("EPSG:4326"),
                f.createFromName("EPSG:4527"));
        Geometry g = wgs84.copy();
        for (Coordinate c : g.getCoordinates()) {
            ProjCoordinate out = t.transform(new ProjCoordinate(c.x, c.y), new ProjCoordinate());
            c.x = out.x;
            c.y = out.y;
        }
        g.geometryChanged();
        return g;
    }

    private Map<String, AdminArea> stored() {
        return store.loadAreas().stream().collect(Collectors.toMap(AdminArea::code, Function.identity()));
    }

    @Test
    void gaussKruegerGridsAreConvertedToWgs84AndReplaceOnlyTheGrids() throws Exception {
        // Two vertices on the zone's central meridian, 117°E, where the projection is known exactly:
        // easting = false easting, northing = meridian arc length from the equator (scale 1).
        double northing37 = CGCS2000.Inverse(0, 117, 37.0, 117).s12;
        double northing3701 = CGCS2000.Inverse(0, 117, 37.01, 117).s12;
        Geometry grid1 = wkt("POLYGON ((39500000 " + northing37 + ", 39500890 " + northing37 + ", 39500890 "
                + northing3701 + ", 39500000 " + northing3701 + ", 39500000 " + northing37 + "))");
        Geometry grid2Wgs84 = wkt("POLYGON ((117.02 37.0, 117.03 37.0, 117.03 37.01, 117.02 37.01, 117.02 37.0))");
        Path f = featureCollection("grids.geojson", "urn:ogc:def:crs:EPSG::4527", List.of(
                feature(new JsonObject().put("WGBM", VILLAGE + "001").put("WGMC", "第1网格").put("wgy", "王芳")
                        .put("population", 312), grid1),
                feature(new JsonObject().put("code", VILLAGE + "002").put("name", "第2网格"), toGaussKrueger(grid2Wgs84))));

        ImportReport r = AreaImport.run(store, List.of(f), null, null, AreaImport.InvalidPolicy.REPAIR);

        assertThat(r.written()).as(r.toText()).isTrue();
        assertThat(r.count(ImportReport.Outcome.IMPORTED)).isEqualTo(2);
        Map<String, AdminArea> areas = stored();
        assertThat(areas).hasSize(above.size() + 2);
        above.forEach(a -> assertThat(areas).containsKey(a.code())); // the levels above are kept
        AdminArea g1 = areas.get(VILLAGE + "001");
        assertThat(g1.level()).isEqualTo(AdminLevel.GRID);
        assertThat(g1.parentCode()).isEqualTo(VILLAGE);
        assertThat(g1.name()).isEqualTo("第1网格");
        assertThat(g1.gridWorker()).isEqualTo("王芳");
        assertThat(g1.population()).isEqualTo(312);
        Coordinate sw = g1.geometry().getCoordinates()[0];
        Coordinate nw = g1.geometry().getCoordinates()[3];
        assertThat(sw.x).isCloseTo(117.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sw.y).isCloseTo(37.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(nw.y).isCloseTo(37.01, org.assertj.core.data.Offset.offset(1e-9));
        // About 890 m × 1,110 m, computed geodesically since the file gives no area.
        assertThat(g1.areaSqm()).isBetween(0.95e6, 1.03e6);
        AdminArea g2 = areas.get(VILLAGE + "002");
        Coordinate[] back = g2.geometry().getCoordinates();
        Coordinate[] orig = grid2Wgs84.getCoordinates();
        for (int i = 0; i < orig.length; i++) {
            assertThat(back[i].distance(orig[i])).as("vertex %d", i).isLessThan(1e-9);
        }
    }

    @Test
    void invalidGeometryIsRepairedAndReported() throws Exception {
        Geometry bowTie = wkt("POLYGON ((118 37, 118.1 37.1, 118.1 37, 118 37.1, 118 37))");
        Path f = featureCollection("bow.geojson", null, List.of(
                feature(new JsonObject().put("code", VILLAGE + "001"), wkt("POLYGON ((118 37, 118.1 37, 118.1 37.1, 118 37))")),
                feature(new JsonObject().put("code", VILLAGE + "002"), bowTie)));

        ImportReport r = AreaImport.run(store, List.of(f), null, null, AreaImport.InvalidPolicy.REPAIR);

        assertThat(r.written()).isTrue();
        assertThat(r.entries()).extracting(ImportReport.Entry::outcome)
                .containsExactly(ImportReport.Outcome.IMPORTED, ImportReport.Outcome.REPAIRED);
        assertThat(r.entries().get(1).detail()).containsIgnoringCase("self-intersection");
        assertThat(r.toText()).contains(VILLAGE + "002\trepaired");
        Geometry repaired = stored().get(VILLAGE + "002").geometry();
        assertThat(repaired.isValid()).isTrue();
        assertThat(repaired).isInstanceOf(MultiPolygon.class);
        assertThat(repaired.getNumGeometries()).isEqualTo(2);
    }

    @Test
    void anyRejectedFeatureMeansNothingIsWritten() throws Exception {
        List<AdminArea> before = store.loadAreas();
        Geometry bowTie = wkt("POLYGON ((118 37, 118.1 37.1, 118.1 37, 118 37.1, 118 37))");
        Geometry ok = wkt("POLYGON ((118 37, 118.1 37, 118.1 37.1, 118 37))");
        Path f = featureCollection("mixed.geojson", null, List.of(
                feature(new JsonObject().put("code", VILLAGE + "001"), ok),
                feature(new JsonObject().put("code", VILLAGE + "002"), bowTie),
                feature(new JsonObject().put("name", "无编码"), ok),
                feature(new JsonObject().put("code", VILLAGE + "004"), wkt("LINESTRING (118 37, 118.1 37)")),
                feature(new JsonObject().put("code", VILLAGE + "001"), ok)));

        ImportReport r = AreaImport.run(store, List.of(f), null, null, AreaImport.InvalidPolicy.REJECT);

        assertThat(r.written()).isFalse();
        assertThat(r.entries()).extracting(ImportReport.Entry::outcome).containsExactly(ImportReport.Outcome.IMPORTED,
                ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED, ImportReport.Outcome.REJECTED,
                ImportReport.Outcome.REJECTED);
        assertThat(r.entries().get(1).detail()).contains("invalid geometry");
        assertThat(r.entries().get(2).detail()).contains("no code");
        assertThat(r.entries().get(3).detail()).contains("LineString");
        assertThat(r.entries().get(4).detail()).contains("twice");
        assertThat(r.toText()).contains("nothing written");
        assertThat(store.loadAreas()).hasSameSizeAs(before);
        assertThat(stored()).doesNotContainKey(VILLAGE + "001");
    }

    @Test
    void projectedCoordinatesWithoutACrsAreRejectedWithAHint() throws Exception {
        Path f = featureCollection("nocrs.geojson", null, List.of(feature(new JsonObject().put("code", VILLAGE + "001"),
                wkt("POLYGON ((39500000 4100000, 39500100 4100000, 39500100 4100100, 39500000 4100000))"))));
        ImportReport r = AreaImport.run(store, List.of(f), null, null, AreaImport.InvalidPolicy.REPAIR);
        assertThat(r.written()).isFalse();
        assertThat(r.entries().get(0).detail()).contains("outside lon/lat range").contains("--crs");
        // With the CRS given on the command line it goes in.
        assertThat(AreaImport.run(store, List.of(f), 4527, null, AreaImport.InvalidPolicy.REPAIR).written()).isTrue();
    }

    @Test
    void missingParentsLeaveTheStoreUnchanged() throws Exception {
        Path f = featureCollection("orphan.geojson", null, List.of(feature(new JsonObject().put("code", "371699001001001"),
                wkt("POLYGON ((118 37, 118.1 37, 118.1 37.1, 118 37))"))));
        ImportReport r = AreaImport.run(store, List.of(f), null, null, AreaImport.InvalidPolicy.REPAIR);
        assertThat(r.written()).isFalse();
        assertThat(r.problem()).contains("hierarchy");
        assertThat(store.loadAreas()).hasSameSizeAs(above);
    }

    @Test
    void shapefilesAreRefusedWithTheOgr2ogrLine() throws Exception {
        Path shp = Files.writeString(dir.resolve("grids.shp"), "not really");
        assertThatThrownBy(() -> AreaImport.run(store, List.of(shp), null, null, AreaImport.InvalidPolicy.REPAIR))
                .isInstanceOf(ImportException.class).hasMessageContaining("ogr2ogr -f GPKG");
    }

    @Test
    void levelAndParentFollowFromTheCode() {
        assertThat(AreaImport.level("371600", null)).isEqualTo(AdminLevel.CITY);
        assertThat(AreaImport.level("371602", null)).isEqualTo(AdminLevel.COUNTY);
        assertThat(AreaImport.level("371602001", null)).isEqualTo(AdminLevel.TOWNSHIP);
        assertThat(AreaImport.level("371602001001", null)).isEqualTo(AdminLevel.VILLAGE);
        assertThat(AreaImport.level("371602001001001", null)).isEqualTo(AdminLevel.GRID);
        assertThat(AreaImport.level("3716", "county")).isEqualTo(AdminLevel.COUNTY);
        assertThatThrownBy(() -> AreaImport.level("3716", null)).hasMessageContaining("4 digits");
        assertThat(AreaImport.parentOf("371602", AdminLevel.COUNTY)).isEqualTo("371600");
        assertThat(AreaImport.parentOf("371602001001001", AdminLevel.GRID)).isEqualTo("371602001001");
    }

    // ------------------------------------------------------------ through GDAL, when installed

    private static Optional<Path> onPath(String exe) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, exe);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static void run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }

    /**
     * GDAL/PROJ as an independent oracle: WGS84 grids reprojected by ogr2ogr to EPSG:4527 in a
     * GeoPackage, and to a Shapefile (.prj) converted back to GeoPackage the documented way,
     * import to the original coordinates.
     */
    @Test
    void gdalGeoPackageAndShapefileInGaussKrueger() throws Exception {
        Optional<Path> ogr2ogr = onPath("ogr2ogr");
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            assumeTrue(ogr2ogr.isPresent(), "ogr2ogr (GDAL, Debian package gdal-bin) is not on PATH; skipped");
        }
        assertThat(ogr2ogr).as("ogr2ogr under CI=true (.ci/run installs gdal-bin)").isPresent();
        List<JsonObject> features = new ArrayList<>();
        List<Geometry> originals = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            double x = 117.9 + i * 0.01;
            Geometry g = wkt("POLYGON ((" + x + " 37.3, " + (x + 0.01) + " 37.3, " + (x + 0.01) + " 37.31, " + x
                    + " 37.31, " + x + " 37.3))");
            originals.add(g);
            features.add(feature(new JsonObject().put("code", VILLAGE + "00" + i).put("name", "网格" + i), g));
        }
        Path src = featureCollection("wgs84.geojson", null, features);
        Path gpkg = dir.resolve("gk.gpkg");
        run(List.of(ogr2ogr.get().toString(), "-f", "GPKG", "-t_srs", "EPSG:4527", gpkg.toString(), src.toString()));
        Path shp = dir.resolve("gk.shp");
        // A GBK-encoded .dbf with its .cpg, as Chinese GIS departments ship them.
        run(List.of(ogr2ogr.get().toString(), "-f", "ESRI Shapefile", "-lco", "ENCODING=GBK", "-t_srs", "EPSG:4527",
                shp.toString(), src.toString()));
        Path fromShp = dir.resolve("from-shp.gpkg");
        run(List.of(ogr2ogr.get().toString(), "-f", "GPKG", fromShp.toString(), shp.toString()));

        for (Path file : List.of(gpkg, fromShp)) {
            ImportReport r = AreaImport.run(store, List.of(file), null, null, AreaImport.InvalidPolicy.REPAIR);
            assertThat(r.written()).as(r.toText()).isTrue();
            Map<String, AdminArea> areas = stored();
            for (int i = 1; i <= 3; i++) {
                AdminArea a = areas.get(VILLAGE + "00" + i);
                assertThat(a.name()).isEqualTo("网格" + i);
                // The same square, whatever the vertex order or start GDAL chose: ~1 mm tolerance.
                assertThat(a.geometry().getEnvelopeInternal().getMinX())
                        .isCloseTo(originals.get(i - 1).getEnvelopeInternal().getMinX(), org.assertj.core.data.Offset.offset(1e-8));
                assertThat(a.geometry().getEnvelopeInternal().getMaxY())
                        .isCloseTo(originals.get(i - 1).getEnvelopeInternal().getMaxY(), org.assertj.core.data.Offset.offset(1e-8));
                assertThat(a.geometry().symDifference(originals.get(i - 1)).getArea()).isLessThan(1e-12);
            }
        }
    }
}
