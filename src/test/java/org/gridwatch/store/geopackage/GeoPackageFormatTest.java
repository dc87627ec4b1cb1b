package org.gridwatch.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.gridwatch.alert.Alert;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.error.StoreException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Checks that the file {@link GeoPackageStore} writes is a valid GeoPackage 1.3, by reading the
 * specification's tables with plain SQL, and, when GDAL's {@code ogrinfo} is installed, by
 * letting GDAL open it.
 */
class GeoPackageFormatTest {

    private static final List<String> FEATURE_TABLES = List.of("areas_city", "areas_county", "areas_township",
            "areas_village", "grids", "incidents", "units", "tracks", "alerts", "school_posts", "key_places");
    /** Feature tables whose geometry type is POINT. */
    private static final Set<String> POINT_TABLES = Set.of("incidents", "units", "tracks", "alerts", "school_posts",
            "key_places");
    /** Tables added by GridWatch schema version 2. */
    private static final List<String> V2_TABLES = List.of("units", "tracks", "alerts");
    /** Tables added by GridWatch schema version 4. */
    private static final List<String> V4_TABLES = List.of("school_posts", "key_places");

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeSample() throws ParseException {
        file = dir.resolve("sample.gpkg");
        WKTReader wkt = new WKTReader(Geo.FACTORY);
        List<AdminArea> areas = List.of(
                new AdminArea("371600", "滨州市", AdminLevel.CITY, null,
                        wkt.read("POLYGON ((117 37, 119 37, 119 38.5, 117 38.5, 117 37), (118 37.5, 118.1 37.5, 118.1 37.6, 118 37.5))"),
                        1, 1, 1, null, false),
                new AdminArea("371602", "滨城区", AdminLevel.COUNTY, "371600",
                        wkt.read("MULTIPOLYGON (((117.8 37.3, 118.2 37.3, 118.2 37.6, 117.8 37.3)), ((118.3 37.3, 118.4 37.3, 118.4 37.4, 118.3 37.3)))"),
                        1, 1, 1, null, false),
                new AdminArea("371602001", "市中街道", AdminLevel.TOWNSHIP, "371602",
                        wkt.read("POLYGON ((117.9 37.3, 118.0 37.3, 118.0 37.4, 117.9 37.3))"), 1, 1, 1, null, true),
                new AdminArea("371602001001", "黄河五路社区", AdminLevel.VILLAGE, "371602001",
                        wkt.read("POLYGON ((117.95 37.35, 117.96 37.35, 117.96 37.36, 117.95 37.35))"), 1, 1, 1, null, true),
                new AdminArea("371602001001001", "第1网格", AdminLevel.GRID, "371602001001",
                        wkt.read("POLYGON ((117.951 37.351, 117.952 37.351, 117.952 37.352, 117.951 37.351))"), 1, 1, 1,
                        "李娜", true));
        Instant t = Instant.parse("2025-05-01T10:00:00.5Z");
        List<Incident> incidents = new ArrayList<>();
        for (long id = 1; id <= 3; id++) {
            incidents.add(new Incident(id, Source.POLICE_CALL, "110-" + id, Category.PUBLIC_ORDER, 2, 117.95 + id / 100.0,
                    37.35 + id / 100.0, Crs.WGS84, 117.95 + id / 100.0, 37.35 + id / 100.0, "371602001001001",
                    "打架斗殴", null, t, t, Status.REPORTED, null,
                    List.of(new Transition(null, Status.REPORTED, "system", t, null))));
        }
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            store.replaceAreas(areas);
            store.insertIncidents(incidents);
            Incident first = incidents.get(0);
            Transition tr = new Transition(Status.REPORTED, Status.ACCEPTED, "张伟", t.plusSeconds(60), null);
            store.updateIncident(first.apply(tr, null), tr);
            store.upsertUnits(List.of(
                    new UnitRecord(new Unit("U1", "滨城巡逻1号", UnitKind.POLICE_CAR, "滨城区公安分局", "371602",
                            "371602001", true), UnitStatus.AVAILABLE, null),
                    new UnitRecord(new Unit("U2", "网格员李娜", UnitKind.GRID_WORKER, "滨城区市中街道", "371602",
                            "371602001", true), UnitStatus.OFF_DUTY, null)));
            // U2 never reports: its units row keeps a NULL geometry.
            store.appendPositions(List.of(
                    new Position("U1", 117.955, 37.355, t, 8.5, 90, 5),
                    Position.of("U1", 117.957, 37.354, t.plusSeconds(5)),
                    new Position("U1", 117.959, 37.353, t.plusSeconds(10), 7.25, 95.5, Double.NaN)));
            store.insertAlert(new Alert(1, "post_unstaffed", "warning", "实验小学护学岗未到岗", null, "371602001001001",
                    117.951, 37.351, t, null, null));
            store.insertAlert(new Alert(2, "incident_overdue", "critical", "事件超时未处置", "事件 1", null, null, null,
                    t.plusSeconds(60), null, null));
            store.ackAlert(1, "张伟", t.plusSeconds(120));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static List<Map<String, Object>> query(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Set<String> columns(Connection c, String table) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> row : query(c, "PRAGMA table_info(" + table + ")")) {
            names.add((String) row.get("name"));
        }
        return names;
    }

    @Test
    void headerIdentifiesGeoPackage13() throws SQLException {
        try (Connection c = connect()) {
            assertThat(query(c, "PRAGMA application_id").get(0).values()).containsExactly(0x47504B47);
            assertThat(query(c, "PRAGMA user_version").get(0).values()).containsExactly(10300);
            assertThat(query(c, "PRAGMA journal_mode").get(0).values()).containsExactly("wal");
            assertThat(query(c, "PRAGMA auto_vacuum").get(0).values()).as("INCREMENTAL")
                    .containsExactly(GeoPackageSchema.AUTO_VACUUM_INCREMENTAL);
            assertThat(query(c, "PRAGMA integrity_check").get(0).values()).containsExactly("ok");
            assertThat(query(c, "SELECT version FROM gridwatch_schema")).hasSize(1)
                    .first().extracting(r -> r.get("version")).isEqualTo(GeoPackageSchema.SCHEMA_VERSION);
        }
    }

    @Test
    void requiredTablesAndColumnsExist() throws SQLException {
        try (Connection c = connect()) {
            assertThat(columns(c, "gpkg_spatial_ref_sys")).containsExactlyInAnyOrder("srs_name", "srs_id",
                    "organization", "organization_coordsys_id", "definition", "description");
            assertThat(columns(c, "gpkg_contents")).containsExactlyInAnyOrder("table_name", "data_type", "identifier",
                    "description", "last_change", "min_x", "min_y", "max_x", "max_y", "srs_id");
            assertThat(columns(c, "gpkg_geometry_columns")).containsExactlyInAnyOrder("table_name", "column_name",
                    "geometry_type_name", "srs_id", "z", "m");
            assertThat(columns(c, "incidents")).contains("id", "geom", "source", "external_id", "category",
                    "severity", "lon", "lat", "original_crs", "original_lon", "original_lat", "grid_code", "title",
                    "description", "reported_at", "received_at", "status", "rating");
            assertThat(columns(c, "incident_transitions")).contains("incident_id", "seq", "from_status", "to_status",
                    "actor", "at", "note");
            assertThat(columns(c, "units")).contains("fid", "geom", "id", "call_sign", "kind", "agency",
                    "home_county_code", "home_township_code", "demo", "status", "last_lon", "last_lat", "last_time",
                    "last_time_us", "last_speed", "last_heading", "last_accuracy");
            assertThat(columns(c, "tracks")).contains("fid", "geom", "unit_id", "time", "time_us", "lon", "lat",
                    "speed", "heading", "accuracy");
            assertThat(columns(c, "alerts")).contains("id", "geom", "kind", "severity", "title", "detail",
                    "area_code", "lon", "lat", "raised_at", "raised_at_us", "acked_at", "acked_at_us", "acked_by");
            for (String t : FEATURE_TABLES.subList(0, 5)) {
                assertThat(columns(c, t)).as(t).contains("geom", "code", "name", "parent_code", "population",
                        "households", "area_sqm", "grid_worker", "demo");
            }
            Map<Object, Map<String, Object>> srs = new HashMap<>();
            for (Map<String, Object> row : query(c, "SELECT * FROM gpkg_spatial_ref_sys")) {
                srs.put(row.get("srs_id"), row);
            }
            assertThat(srs).containsKeys(-1, 0, 4326);
            assertThat(srs.get(4326).get("organization")).isEqualTo("EPSG");
            assertThat(srs.get(4326).get("organization_coordsys_id")).isEqualTo(4326);
            assertThat((String) srs.get(4326).get("definition")).startsWith("GEOGCS[\"WGS 84\"");
            assertThat(srs.get(-1).get("definition")).isEqualTo("undefined");
            assertThat(srs.get(0).get("definition")).isEqualTo("undefined");

            // Each index as "table.col1,col2".
            Set<String> indexed = new LinkedHashSet<>();
            for (String t : List.of("incidents", "incident_transitions", "units", "tracks", "alerts")) {
                for (Map<String, Object> idx : query(c, "PRAGMA index_list(" + t + ")")) {
                    List<String> cols = new ArrayList<>();
                    for (Map<String, Object> col : query(c, "PRAGMA index_info(" + idx.get("name") + ")")) {
                        cols.add(((Number) col.get("seqno")).intValue(), String.valueOf(col.get("name")));
                    }
                    indexed.add(t + "." + String.join(",", cols));
                }
            }
            assertThat(indexed).contains("incidents.reported_at_us", "incident_transitions.incident_id,seq",
                    "units.id", "tracks.time_us", "alerts.raised_at_us");
            // The track index leads with an expression (the minute), which index_info names null.
            assertThat(query(c, "SELECT sql FROM sqlite_master WHERE name = 'tracks_minute_unit_time_idx'"))
                    .extracting(r -> r.get("sql")).singleElement().asString()
                    .contains("time_us / 60000000, unit_id, time_us");
        }
    }

    @Test
    void contentsAndGeometryColumnsDescribeEveryTable() throws SQLException {
        try (Connection c = connect()) {
            Map<Object, Map<String, Object>> contents = new HashMap<>();
            for (Map<String, Object> row : query(c, "SELECT * FROM gpkg_contents")) {
                contents.put(row.get("table_name"), row);
            }
            for (String t : FEATURE_TABLES) {
                assertThat(contents).as(t).containsKey(t);
                assertThat(contents.get(t).get("data_type")).as(t).isEqualTo("features");
                assertThat(contents.get(t).get("srs_id")).as(t).isEqualTo(4326);
                // GeoPackage DATETIME: ISO-8601 UTC with milliseconds.
                assertThat((String) contents.get(t).get("last_change"))
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            }
            assertThat(contents.get("incident_transitions").get("data_type")).isEqualTo("attributes");
            Map<String, Object> city = contents.get("areas_city");
            assertThat(((Number) city.get("min_x")).doubleValue()).isEqualTo(117.0);
            assertThat(((Number) city.get("max_y")).doubleValue()).isEqualTo(38.5);
            Map<String, Object> inc = contents.get("incidents");
            assertThat(((Number) inc.get("min_x")).doubleValue()).isCloseTo(117.96, within(1e-9));
            assertThat(((Number) inc.get("max_x")).doubleValue()).isCloseTo(117.98, within(1e-9));
            Map<String, Object> tracks = contents.get("tracks");
            assertThat(((Number) tracks.get("min_x")).doubleValue()).isEqualTo(117.955);
            assertThat(((Number) tracks.get("max_x")).doubleValue()).isEqualTo(117.959);
            assertThat(((Number) tracks.get("min_y")).doubleValue()).isEqualTo(37.353);
            assertThat(((Number) tracks.get("max_y")).doubleValue()).isEqualTo(37.355);
            Map<String, Object> units = contents.get("units");
            assertThat(((Number) units.get("min_x")).doubleValue()).isEqualTo(117.959);
            Map<String, Object> alerts = contents.get("alerts");
            assertThat(((Number) alerts.get("max_y")).doubleValue()).isEqualTo(37.351);

            List<Map<String, Object>> geomCols = query(c, "SELECT * FROM gpkg_geometry_columns ORDER BY table_name");
            assertThat(geomCols).extracting(r -> r.get("table_name")).containsExactlyInAnyOrderElementsOf(FEATURE_TABLES);
            for (Map<String, Object> row : geomCols) {
                assertThat(row.get("column_name")).isEqualTo("geom");
                assertThat(row.get("srs_id")).isEqualTo(4326);
                assertThat(row.get("z")).isEqualTo(0);
                assertThat(row.get("m")).isEqualTo(0);
                assertThat(row.get("geometry_type_name"))
                        .isEqualTo(POINT_TABLES.contains(row.get("table_name")) ? "POINT" : "MULTIPOLYGON");
            }
        }
    }

    @Test
    void geometryBlobsHaveTheGeoPackageHeaderAndDecode() throws SQLException {
        try (Connection c = connect()) {
            int blobs = 0;
            for (String t : FEATURE_TABLES) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT geom FROM " + t)) {
                    while (rs.next()) {
                        byte[] b = rs.getBytes(1);
                        if (b == null) {
                            // Only where the layer allows it: a unit that never reported, an alert without place.
                            assertThat(t).isIn("units", "alerts");
                            continue;
                        }
                        assertThat(new String(b, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("GP");
                        assertThat(b[2]).as("version").isEqualTo((byte) 0);
                        assertThat(b[3] & 0x20).as("extended flag").isZero();
                        assertThat(GeoPackageGeometry.srsId(b)).isEqualTo(4326);
                        Geometry g = GeoPackageGeometry.decode(b);
                        assertThat(g.isValid()).as(t + " " + g).isTrue();
                        if (POINT_TABLES.contains(t)) {
                            assertThat(g).isInstanceOf(Point.class);
                            assertThat(b[3] & 0x0E).as("points carry no envelope").isZero();
                        } else {
                            assertThat(g).isInstanceOf(MultiPolygon.class);
                            assertThat((b[3] >> 1) & 0x07).as("XY envelope").isEqualTo(1);
                        }
                        blobs++;
                    }
                }
            }
            // 5 areas, 3 incidents, 1 unit with a position, 3 track points, 1 placed alert.
            assertThat(blobs).isEqualTo(13);
            List<Map<String, Object>> track = query(c, "SELECT time, speed, accuracy FROM tracks ORDER BY time_us");
            assertThat(track).extracting(r -> r.get("time")).containsExactly("2025-05-01T10:00:00.500Z",
                    "2025-05-01T10:00:05.500Z", "2025-05-01T10:00:10.500Z");
            assertThat(track.get(1).get("speed")).as("unknown speed is NULL").isNull();
            assertThat(track.get(2).get("accuracy")).as("unknown accuracy is NULL").isNull();
            assertThat(query(c, "SELECT acked_by, acked_at FROM alerts WHERE id = 1").get(0))
                    .containsEntry("acked_by", "张伟").containsEntry("acked_at", "2025-05-01T10:02:00.500Z");
            List<Map<String, Object>> history = query(c,
                    "SELECT seq, from_status, to_status FROM incident_transitions WHERE incident_id = 1 ORDER BY seq");
            assertThat(history).extracting(r -> r.get("to_status")).containsExactly("reported", "accepted");
            assertThat(query(c, "SELECT reported_at FROM incidents WHERE id = 1").get(0).get("reported_at"))
                    .isEqualTo("2025-05-01T10:00:00.500Z");
        }
    }

    @Test
    void codecRoundTripsAndRejectsGarbage() throws ParseException {
        WKTReader wkt = new WKTReader(Geo.FACTORY);
        for (String text : List.of("POINT (117.97 37.38)", "POLYGON ((0 0, 1 0, 1 1, 0 0))",
                "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))", "POLYGON EMPTY")) {
            Geometry g = wkt.read(text);
            Geometry back = GeoPackageGeometry.decode(GeoPackageGeometry.encode(g, 4326));
            assertThat(back.equalsExact(g)).as(text + " -> " + back).isTrue();
            assertThat(back.getSRID()).isEqualTo(4326);
        }
        assertThat(GeoPackageGeometry.decode(GeoPackageGeometry.encodePoint(117.5, 37.25, 4326)).getCoordinate().x)
                .isEqualTo(117.5);
        assertThatThrownBy(() -> GeoPackageGeometry.decode(new byte[] {'X', 'P', 0, 1, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoPackageGeometry.decode(new byte[] {'G', 'P', 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesForeignDatabasesAndNewerSchemas() throws SQLException {
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER)");
        }
        assertThatThrownBy(() -> GeoPackageStore.open(foreign, false)).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a GridWatch GeoPackage");

        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("UPDATE gridwatch_schema SET version = " + (GeoPackageSchema.SCHEMA_VERSION + 1));
        }
        assertThatThrownBy(() -> GeoPackageStore.open(file, false)).isInstanceOf(StoreException.class)
                .hasMessageContaining("newer");
    }

    /**
     * A file written before the live layer (schema 1: no units, tracks or alerts, no unit on
     * transitions) is migrated on open and keeps its data. The v1 file is made by removing from a
     * current file exactly what versions 2, 3 and 4 added.
     */
    @Test
    void migratesASchema1FileForward() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String t : java.util.stream.Stream.concat(V2_TABLES.stream(), V4_TABLES.stream()).toList()) {
                s.execute("DROP TABLE " + t);
                s.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = '" + t + "'");
                s.execute("DELETE FROM gpkg_contents WHERE table_name = '" + t + "'");
            }
            s.execute("ALTER TABLE incident_transitions DROP COLUMN unit_id");
            s.execute("UPDATE gridwatch_schema SET version = 1");
        }
        List<Incident> before = new ArrayList<>();
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            store.forEachIncident(before::add);
            assertThat(before).hasSize(3);
            assertThat(store.loadUnits()).isEmpty();
            assertThat(store.loadAlerts(Instant.EPOCH)).isEmpty();
            store.upsertUnits(List.of(new UnitRecord(new Unit("U7", "步巡7号", UnitKind.FOOT_PATROL, "滨城区公安分局",
                    "371602", "371602001", false), UnitStatus.AVAILABLE, null)));
            Instant t = Instant.parse("2025-06-01T00:00:00Z");
            store.appendPositions(List.of(Position.of("U7", 117.96, 37.36, t)));
            store.insertAlert(new Alert(1, "unit_left_area", "info", "离开辖区", null, null, 117.96, 37.36, t, null, null));
            assertThat(store.track("U7", t, t.plusSeconds(1))).hasSize(1);
            Incident first = before.get(0);
            org.gridwatch.incident.Transition tr = new org.gridwatch.incident.Transition(first.status(),
                    first.status().next().iterator().next(), "调度员", t, null, "U7");
            store.updateIncident(first.apply(tr, null), tr);
        }
        try (Connection c = connect()) {
            assertThat(query(c, "SELECT version FROM gridwatch_schema ORDER BY version"))
                    .extracting(r -> r.get("version")).containsExactly(1, GeoPackageSchema.SCHEMA_VERSION);
            assertThat(query(c, "SELECT table_name FROM gpkg_geometry_columns"))
                    .extracting(r -> r.get("table_name")).containsExactlyInAnyOrderElementsOf(FEATURE_TABLES);
        }
        // Opening again neither migrates nor adds a version row.
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            List<Incident> after = new ArrayList<>();
            store.forEachIncident(after::add);
            assertThat(after.subList(1, after.size())).isEqualTo(before.subList(1, before.size()));
            List<org.gridwatch.incident.Transition> h = after.get(0).history();
            assertThat(h.get(h.size() - 1).unitId()).isEqualTo("U7");
            assertThat(store.loadUnits()).hasSize(1);
        }
        try (Connection c = connect()) {
            assertThat(query(c, "SELECT version FROM gridwatch_schema")).hasSize(2);
        }
    }

    /**
     * A version-4 file (auto_vacuum NONE, as every file was before track retention) is switched to
     * INCREMENTAL by one VACUUM when opened, and keeps its data.
     */
    @Test
    void migratesAVersion4FileToIncrementalVacuum() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA auto_vacuum = NONE");
            s.execute("VACUUM");
            s.execute("DELETE FROM gridwatch_schema");
            s.execute("INSERT INTO gridwatch_schema (version, applied_at) VALUES (4, '2026-01-01T00:00:00.000Z')");
            assertThat(query(c, "PRAGMA auto_vacuum").get(0).values()).containsExactly(0);
        }
        List<Incident> incidents = new ArrayList<>();
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            store.forEachIncident(incidents::add);
            assertThat(store.track("U1", Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"))).hasSize(3);
        }
        assertThat(incidents).hasSize(3);
        try (Connection c = connect()) {
            assertThat(query(c, "PRAGMA auto_vacuum").get(0).values())
                    .containsExactly(GeoPackageSchema.AUTO_VACUUM_INCREMENTAL);
            assertThat(query(c, "SELECT version FROM gridwatch_schema ORDER BY version"))
                    .extracting(r -> r.get("version")).containsExactly(4, GeoPackageSchema.SCHEMA_VERSION);
            assertThat(query(c, "PRAGMA integrity_check").get(0).values()).containsExactly("ok");
        }
    }

    /** Retention gives the pages of the deleted positions back: the file shrinks, no free page is left over. */
    @Test
    void trackRetentionGivesTheSpaceBack() throws SQLException {
        Instant old = Instant.parse("2025-01-01T00:00:00Z");
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            for (int batch = 0; batch < 4; batch++) {
                List<Position> positions = new ArrayList<>();
                for (int k = 0; k < 5_000; k++) {
                    positions.add(new Position("U1", 117.9 + k * 1e-5, 37.3, old.plusSeconds(batch * 5_000L + k), 5, 90, 4));
                }
                store.appendPositions(positions);
            }
        }
        long pagesBefore;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            pagesBefore = ((Number) query(c, "PRAGMA page_count").get(0).get("page_count")).longValue();
        }
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            int calls = 0;
            while (!store.deleteTracksBefore(java.time.LocalDate.parse("2025-05-01"), 3_000)) {
                calls++;
            }
            assertThat(calls).as("calls that returned false").isEqualTo(6);
            assertThat(store.track("U1", Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"))).hasSize(3);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            long pagesAfter = ((Number) query(c, "PRAGMA page_count").get(0).get("page_count")).longValue();
            assertThat(pagesAfter).as("pages after retention (before: %d)", pagesBefore).isLessThan(pagesBefore - 100);
            assertThat(query(c, "PRAGMA freelist_count").get(0).values()).containsExactly(0);
            assertThat(query(c, "SELECT count(*) AS n FROM tracks").get(0).get("n")).isEqualTo(3);
            assertThat(query(c, "PRAGMA integrity_check").get(0).values()).containsExactly("ok");
        }
    }

    @Test
    void gdalOpensTheFile() throws IOException, InterruptedException {
        Optional<Path> ogrinfo = onPath("ogrinfo");
        assumeTrue(ogrinfo.isPresent(), "ogrinfo (GDAL, Debian package gdal-bin) is not on PATH; skipped");
        Process p = new ProcessBuilder(ogrinfo.get().toString(), "-ro", "-so", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as(out).contains("using driver `GPKG'").doesNotContainIgnoringCase("error")
                .doesNotContainIgnoringCase("warning");
        for (String t : FEATURE_TABLES) {
            assertThat(out).as(out).containsPattern("\\d+: " + t + " \\((Multi Polygon|Point)\\)");
        }
        assertThat(out).contains("incidents (Point)", "areas_city (Multi Polygon)", "units (Point)",
                "tracks (Point)", "alerts (Point)");
    }

    /**
     * GDAL's own GeoPackage conformance checker ({@code validate_gpkg.py}, shipped with
     * python3-gdal, which gdal-bin depends on): stricter than opening the file.
     */
    @Test
    void gdalValidatorFindsNoProblem() throws IOException, InterruptedException {
        // Several python3 may be on PATH (pyenv shims first): take one that has GDAL's module.
        Optional<Path> python = Optional.empty();
        for (Path candidate : allOnPath("python3")) {
            Process probe = new ProcessBuilder(candidate.toString(), "-c", "import osgeo_utils.samples.validate_gpkg")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                python = Optional.of(candidate);
                break;
            }
        }
        assumeTrue(python.isPresent(),
                "no python3 on PATH has GDAL's validate_gpkg (Debian package python3-gdal); skipped");
        Process p = new ProcessBuilder(python.get().toString(), "-m", "osgeo_utils.samples.validate_gpkg",
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.strip()).as("validator output").isEmpty();
    }

    private static Optional<Path> onPath(String program) {
        return allOnPath(program).stream().findFirst();
    }

    /** Every executable named {@code program} in the directories of PATH, in PATH order. */
    private static List<Path> allOnPath(String program) {
        List<Path> found = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    Path candidate = Path.of(d, program);
                    if (Files.isExecutable(candidate)) {
                        found.add(candidate);
                    }
                }
            }
        }
        return found;
    }
}
