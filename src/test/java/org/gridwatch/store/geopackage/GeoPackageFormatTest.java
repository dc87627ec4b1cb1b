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
import java.time.LocalDate;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gridwatch.alert.Alert;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.gpkg.GeoPackageFunctions;
import org.gridwatch.gpkg.GeoPackageGeometry;
import org.gridwatch.gpkg.GeoPackageRtree;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.CaseAction;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.error.StoreException;
import org.gridwatch.store.jdbc.Dialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Envelope;
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
     * current file exactly what versions 2 to 6 added (auto_vacuum aside, which it leaves on).
     */
    @Test
    void migratesASchema1FileForward() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String t : Stream.concat(V2_TABLES.stream(), V4_TABLES.stream()).toList()) {
                s.execute("DROP TABLE " + t);
                s.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = '" + t + "'");
                s.execute("DELETE FROM gpkg_contents WHERE table_name = '" + t + "'");
            }
            s.execute("ALTER TABLE incident_transitions DROP COLUMN unit_id");
            dropRtrees(s);
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
            while (!store.deleteTracksBefore(LocalDate.parse("2025-05-01"), 3_000)) {
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

    // ------------------------------------------------------------ R-tree spatial indexes

    /** Removes every R-tree, its triggers and the extension rows: a file as versions before 6 wrote it. */
    private static void dropRtrees(Statement s) throws SQLException {
        for (String t : GeoPackageSchema.featureTables().keySet()) {
            s.execute("DROP TABLE IF EXISTS " + GeoPackageSchema.rtreeName(t));
            for (String trigger : List.of("insert", "update1", "update2", "update3", "update4", "delete")) {
                s.execute("DROP TRIGGER IF EXISTS " + GeoPackageSchema.rtreeName(t) + "_" + trigger);
            }
        }
        s.execute("DELETE FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'");
    }

    /** float4 bounds of the R-tree, rounded outwards (SQLite nudges them by up to two float4 steps, 7.6e-6 near 118°). */
    private static final double RTREE_SLACK = 3e-5;

    /** Adds an R-tree to {@code table} as a user would with GDAL's CreateSpatialIndex: the same DDL, filled. */
    private void addRtree(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            GeoPackageFunctions.register(c);
            for (String sql : GeoPackageRtree.ddl(table, GeoPackageSchema.GEOMETRY_COLUMN, "fid")) {
                s.execute(sql);
            }
            s.execute(GeoPackageRtree.fill(table, GeoPackageSchema.GEOMETRY_COLUMN, "fid"));
        }
    }

    /**
     * Every R-tree there is holds exactly the non-empty geometries of its table, by primary key,
     * each with the geometry's envelope rounded outwards to float4; returns the entries of
     * {@code table}, null when it has no R-tree.
     */
    private static Map<Long, double[]> assertRtreesMatchTheirTables(Connection c, String table) throws SQLException {
        Map<Long, double[]> of = null;
        for (Map.Entry<String, String> t : GeoPackageSchema.featureTables().entrySet()) {
            if (query(c, "SELECT 1 FROM sqlite_master WHERE name = '" + GeoPackageSchema.rtreeName(t.getKey()) + "'")
                    .isEmpty()) {
                continue;
            }
            Map<Long, double[]> entries = new HashMap<>();
            for (Map<String, Object> r : query(c, "SELECT id, minx, maxx, miny, maxy FROM "
                    + GeoPackageSchema.rtreeName(t.getKey()))) {
                entries.put(((Number) r.get("id")).longValue(), new double[] {((Number) r.get("minx")).doubleValue(),
                        ((Number) r.get("maxx")).doubleValue(), ((Number) r.get("miny")).doubleValue(),
                        ((Number) r.get("maxy")).doubleValue()});
            }
            Map<Long, Envelope> geometries = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + t.getValue()
                    + ", geom FROM " + t.getKey() + " WHERE geom IS NOT NULL")) {
                while (rs.next()) {
                    Geometry g = GeoPackageGeometry.decode(rs.getBytes(2));
                    if (!g.isEmpty()) {
                        geometries.put(rs.getLong(1), g.getEnvelopeInternal());
                    }
                }
            }
            assertThat(entries.keySet()).as("R-tree ids of %s", t.getKey()).isEqualTo(geometries.keySet());
            for (Map.Entry<Long, Envelope> g : geometries.entrySet()) {
                double[] r = entries.get(g.getKey());
                Envelope e = g.getValue();
                String what = t.getKey() + " " + g.getKey() + " " + e + " vs " + Arrays.toString(r);
                assertThat(r[0]).as(what).isLessThanOrEqualTo(e.getMinX()).isCloseTo(e.getMinX(), within(RTREE_SLACK));
                assertThat(r[1]).as(what).isGreaterThanOrEqualTo(e.getMaxX()).isCloseTo(e.getMaxX(), within(RTREE_SLACK));
                assertThat(r[2]).as(what).isLessThanOrEqualTo(e.getMinY()).isCloseTo(e.getMinY(), within(RTREE_SLACK));
                assertThat(r[3]).as(what).isGreaterThanOrEqualTo(e.getMaxY()).isCloseTo(e.getMaxY(), within(RTREE_SLACK));
            }
            if (t.getKey().equals(table)) {
                of = entries;
            }
        }
        return of;
    }

    @Test
    void everyFeatureTableButTracksAndUnitsHasAnRtreeAsGeoPackageAnnexF3Describes() throws SQLException {
        List<String> indexed = FEATURE_TABLES.stream().filter(t -> !t.equals("tracks") && !t.equals("units")).toList();
        try (Connection c = connect()) {
            assertThat(GeoPackageSchema.featureTables().keySet()).containsExactlyInAnyOrderElementsOf(FEATURE_TABLES);
            assertThat(GeoPackageSchema.spatialIndexes().keySet()).containsExactlyInAnyOrderElementsOf(indexed);
            assertThat(query(c, "SELECT 1 FROM sqlite_master WHERE name LIKE 'rtree_tracks%'"
                    + " OR name LIKE 'rtree_units%'")).isEmpty();
            assertThat(query(c, "SELECT table_name, column_name, definition, scope FROM gpkg_extensions"
                    + " WHERE extension_name = 'gpkg_rtree_index'"))
                    .hasSize(indexed.size())
                    .allSatisfy(r -> assertThat(r).containsEntry("column_name", "geom")
                            .containsEntry("scope", "write-only")
                            .containsEntry("definition", "http://www.geopackage.org/spec120/#extension_rtree"))
                    .extracting(r -> r.get("table_name")).containsExactlyInAnyOrderElementsOf(indexed);
            for (String t : indexed) {
                String r = "rtree_" + t + "_geom";
                assertThat(query(c, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '" + r + "'"))
                        .extracting(row -> row.get("sql")).singleElement().asString()
                        .contains("USING rtree(id, minx, maxx, miny, maxy)");
                assertThat(query(c, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '" + t + "'"))
                        .extracting(row -> row.get("name")).containsExactlyInAnyOrder(r + "_insert", r + "_update1",
                                r + "_update2", r + "_update3", r + "_update4", r + "_delete");
            }
            assertRtreesMatchTheirTables(c, "incidents");
            // The WKT fixtures' bounds: the city square, the county's two parts together.
            Map<Long, double[]> city = assertRtreesMatchTheirTables(c, "areas_city");
            assertThat(city.values()).singleElement().satisfies(b -> assertThat(b).containsExactly(117, 119, 37, 38.5));
            Map<Long, double[]> county = assertRtreesMatchTheirTables(c, "areas_county");
            assertThat(county.values()).singleElement().satisfies(b -> assertThat(b).containsExactly(
                    new double[] {117.8, 118.4, 37.3, 37.6}, within(RTREE_SLACK)));
            // Points: 3 incidents, 1 placed alert (the other has no place).
            assertThat(assertRtreesMatchTheirTables(c, "incidents")).hasSize(3);
            assertThat(assertRtreesMatchTheirTables(c, "alerts")).hasSize(1);
        }
    }

    @Test
    void rtreesFollowInsertsUpdatesDeletesAndRetention() throws SQLException, ParseException {
        addRtree("tracks");
        addRtree("units");
        WKTReader wkt = new WKTReader(Geo.FACTORY);
        Instant t = Instant.parse("2025-05-01T10:00:00.5Z");
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            // Update: incident 2 moves (its history grows), U1 moves by upsert, then loses its
            // position, U2 gets one.
            store.upsertUnits(List.of(new UnitRecord(new Unit("U1", "滨城巡逻1号", UnitKind.POLICE_CAR, "滨城区公安分局",
                    "371602", "371602001", true), UnitStatus.BUSY, Position.of("U1", 117.5, 37.0, t))));
            try (Connection c = connect()) {
                assertThat(assertRtreesMatchTheirTables(c, "units").values()).singleElement()
                        .satisfies(b -> assertThat(b).containsExactly(117.5, 117.5, 37.0, 37.0));
            }
            List<Incident> loaded = new ArrayList<>();
            store.forEachIncident(loaded::add);
            Incident two = loaded.get(1);
            Transition tr = new Transition(Status.REPORTED, Status.ACCEPTED, "张伟", t.plusSeconds(90), null);
            Incident moved = new Incident(two.id(), two.source(), two.externalId(), two.category(), two.severity(),
                    118.25, 37.5, two.originalCrs(), 118.25, 37.5, two.gridCode(), two.title(), two.description(),
                    two.reportedAt(), two.receivedAt(), two.status(), two.rating(), two.history()).apply(tr, null);
            store.updateIncident(moved, tr);
            store.upsertUnits(List.of(
                    new UnitRecord(new Unit("U1", "滨城巡逻1号", UnitKind.POLICE_CAR, "滨城区公安分局", "371602",
                            "371602001", true), UnitStatus.AVAILABLE, null),
                    new UnitRecord(new Unit("U2", "网格员李娜", UnitKind.GRID_WORKER, "滨城区市中街道", "371602",
                            "371602001", true), UnitStatus.AVAILABLE, Position.of("U2", 118.0, 37.25, t))));
            // Insert and delete: areas replaced by fewer, an alert without place, new track points.
            store.replaceAreas(List.of(new AdminArea("371602", "滨城区", AdminLevel.COUNTY, "371600",
                    wkt.read("POLYGON ((117.5 37.0, 118.5 37.0, 118.5 37.75, 117.5 37.0))"), 1, 1, 1, null, false)));
            store.insertAlert(new Alert(3, "incident_overdue", "critical", "事件超时未处置", null, null, null, null,
                    t.plusSeconds(600), null, null));
            store.appendPositions(List.of(Position.of("U1", 117.99, 37.31, Instant.parse("2025-06-01T00:00:00Z"))));
        }
        try (Connection c = connect()) {
            Map<Long, double[]> incidents = assertRtreesMatchTheirTables(c, "incidents");
            assertThat(incidents.get(2L)).containsExactly(118.25, 118.25, 37.5, 37.5);
            // U1 lost its position by upsert and got one again by the append; U2 got one by upsert.
            assertThat(assertRtreesMatchTheirTables(c, "units")).hasSize(2);
            assertThat(assertRtreesMatchTheirTables(c, "areas_city")).isEmpty();
            assertThat(assertRtreesMatchTheirTables(c, "areas_county").values()).singleElement()
                    .satisfies(b -> assertThat(b).containsExactly(117.5, 118.5, 37.0, 37.75));
            assertThat(assertRtreesMatchTheirTables(c, "alerts")).hasSize(1);
            assertThat(assertRtreesMatchTheirTables(c, "tracks")).hasSize(4);
        }
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            assertThat(store.deleteTracksBefore(LocalDate.parse("2025-05-02"), 2)).isFalse();
            assertThat(store.deleteTracksBefore(LocalDate.parse("2025-05-02"), 2)).isTrue();
        }
        try (Connection c = connect()) {
            assertThat(assertRtreesMatchTheirTables(c, "tracks")).hasSize(1);
        }
    }

    /**
     * A file of schema 10 (severity 1 the least serious, 4 the most) has its grades turned round on
     * open, once: Ⅰ (1) is the most serious now.
     */
    @Test
    void migratesAVersion10FileToTheNationalSeverityGradesOnce() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            GeoPackageFunctions.register(c); // the R-tree triggers of incidents call ST_IsEmpty …
            s.execute("UPDATE incidents SET severity = id"); // ids 1, 2, 3: old grades 一般, 较大, 重大
            s.execute("DELETE FROM gridwatch_schema");
            s.execute("INSERT INTO gridwatch_schema (version, applied_at) VALUES (10, '2026-12-02T00:00:00.000Z')");
        }
        GeoPackageStore.open(file, false).close();
        GeoPackageStore.open(file, false).close(); // the second open migrates nothing
        try (Connection c = connect()) {
            assertThat(query(c, "SELECT severity FROM incidents ORDER BY id")).extracting(r -> r.get("severity"))
                    .containsExactly(4, 3, 2);
            assertThat(query(c, "SELECT version FROM gridwatch_schema ORDER BY version"))
                    .extracting(r -> r.get("version")).containsExactly(10, GeoPackageSchema.SCHEMA_VERSION);
        }
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            List<Incident> read = new ArrayList<>();
            store.forEachIncident(read::add);
            assertThat(read).extracting(Incident::grade).containsExactly(Severity.IV, Severity.III, Severity.II);
        }
    }

    /**
     * A file of schema 11 (steps without actions) gets {@code action}, {@code target} and
     * {@code due_at} on open, each step's action the one its status change implied.
     */
    @Test
    void migratesAVersion11FileToCaseActions() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String col : List.of("action", "target", "due_at", "due_at_us")) {
                s.execute("ALTER TABLE incident_transitions DROP COLUMN " + col);
            }
            s.execute("DELETE FROM incident_transitions");
            String at = "'2026-12-01T00:00:00.000Z', 1764547200000000";
            s.execute("INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, at_us, unit_id)"
                    + " VALUES (1, 0, NULL, 'reported', 'x', " + at + ", NULL), (1, 1, 'accepted', 'dispatched', 'x', " + at
                    + ", 'U1'), (1, 2, 'dispatched', 'on_scene', 'x', " + at + ", 'U1'), (1, 3, 'on_scene', 'handled', 'x', "
                    + at + ", NULL), (2, 0, 'reported', 'merged', 'x', " + at + ", NULL)");
            s.execute("DELETE FROM gridwatch_schema");
            s.execute("INSERT INTO gridwatch_schema (version, applied_at) VALUES (11, '2026-12-02T00:00:00.000Z')");
        }
        GeoPackageStore.open(file, false).close();
        GeoPackageStore.open(file, false).close(); // the second open migrates nothing
        try (Connection c = connect()) {
            assertThat(query(c, "SELECT action FROM incident_transitions ORDER BY incident_id, seq"))
                    .extracting(r -> r.get("action")).containsExactly("status", "dispatch", "arrive", "status", "merge");
            assertThat(query(c, "SELECT version FROM gridwatch_schema ORDER BY version"))
                    .extracting(r -> r.get("version")).containsExactly(11, GeoPackageSchema.SCHEMA_VERSION);
        }
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            Incident one = store.incident(1).orElseThrow();
            assertThat(one.history()).extracting(org.gridwatch.incident.Transition::action).containsExactly(
                    CaseAction.STATUS, CaseAction.DISPATCH, CaseAction.ARRIVE, CaseAction.STATUS);
            assertThat(one.history()).allMatch(t -> t.target() == null && t.due() == null);
        }
    }

    /** A file of schema 14 (no devices.crs) gets the column; its terminals report WGS84. */
    @Test
    void migratesAVersion14FileToTerminalCoordinateSystems() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE devices DROP COLUMN crs");
            s.execute("INSERT INTO devices (id, unit_id, terminal_id, key_hash, created_at, created_at_us) VALUES"
                    + " ('dev-00000001', 'U1', '013800000001', '" + "a".repeat(64) + "', '2026-12-01T00:00:00.000Z',"
                    + " 1764547200000000)");
            s.execute("DELETE FROM gridwatch_schema");
            s.execute("INSERT INTO gridwatch_schema (version, applied_at) VALUES (14, '2026-12-02T00:00:00.000Z')");
        }
        GeoPackageStore.open(file, false).close();
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            assertThat(store.devices()).singleElement().satisfies(d -> {
                assertThat(d.terminalId()).isEqualTo("013800000001");
                assertThat(d.crs()).isEqualTo(org.gridwatch.geo.Crs.WGS84);
            });
        }
        try (Connection c = connect()) {
            assertThat(query(c, "SELECT version FROM gridwatch_schema ORDER BY version"))
                    .extracting(r -> r.get("version")).containsExactly(14, GeoPackageSchema.SCHEMA_VERSION);
        }
    }

    /** A file of schema 5 (no R-trees) gets them on open, filled with the rows it has. */
    @Test
    void migratesAVersion5FileWithoutRtrees() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            dropRtrees(s);
            s.execute("DELETE FROM gridwatch_schema");
            s.execute("INSERT INTO gridwatch_schema (version, applied_at) VALUES (5, '2026-11-30T00:00:00.000Z')");
        }
        GeoPackageStore.open(file, false).close();
        try (Connection c = connect()) {
            assertThat(query(c, "SELECT version FROM gridwatch_schema ORDER BY version"))
                    .extracting(r -> r.get("version")).containsExactly(5, GeoPackageSchema.SCHEMA_VERSION);
            assertThat(query(c, "SELECT count(*) AS n FROM gpkg_extensions WHERE extension_name = 'gpkg_rtree_index'")
                    .get(0).get("n")).isEqualTo(FEATURE_TABLES.size() - 2);
            assertThat(assertRtreesMatchTheirTables(c, "areas_village")).hasSize(1);
            assertThat(assertRtreesMatchTheirTables(c, "incidents")).hasSize(3);
            assertThat(assertRtreesMatchTheirTables(c, "tracks")).isNull();
            assertThat(assertRtreesMatchTheirTables(c, "units")).isNull();
        }
    }

    /**
     * "Who passed here" agrees with a brute-force scan, boundaries included, with coordinates
     * that float4 holds exactly and ones it rounds: by the time index, and, once tracks has an
     * R-tree (as a user may add), by the R-tree (a small box, a long window) and by the time index
     * (the whole area, a short window).
     */
    @ParameterizedTest(name = "tracks R-tree: {0}")
    @ValueSource(booleans = {false, true})
    void unitsPassedAgreesWithABruteForceScanWhicheverIndexServes(boolean rtree) throws SQLException {
        file = dir.resolve("passed.gpkg");
        Instant t0 = Instant.parse("2025-07-01T00:00:00Z");
        List<Position> all = new ArrayList<>();
        java.util.Random r = new Random(37);
        try (GeoPackageStore store = GeoPackageStore.open(file, false)) {
            List<UnitRecord> roster = new ArrayList<>();
            for (int u = 0; u < 40; u++) {
                roster.add(new UnitRecord(new Unit("P" + u, "巡" + u, UnitKind.FOOT_PATROL, "滨城区公安分局", "371602",
                        "371602001", true), UnitStatus.AVAILABLE, null));
            }
            store.upsertUnits(roster);
            for (int k = 0; k < 4_000; k++) {
                // Every tenth point on the 1/8° lattice (exact in float4), the rest anywhere.
                double lon = k % 10 == 0 ? 117.5 + r.nextInt(8) / 8.0 : 117.5 + r.nextDouble();
                double lat = k % 10 == 0 ? 37.0 + r.nextInt(8) / 8.0 : 37.0 + r.nextDouble();
                all.add(Position.of("P" + (k % 40), lon, lat, t0.plusSeconds(k * 20L)));
            }
            store.appendPositions(all);
            if (rtree) {
                addRtree("tracks");
            }
            List<Envelope> boxes = List.of(
                    new Envelope(117.75, 117.875, 37.25, 37.375),
                    new Envelope(117.9, 117.91, 37.6, 37.61),
                    new Envelope(117.5, 118.5, 37.0, 38.0),
                    new Envelope(117.0, 119.0, 36.0, 39.0));
            List<Instant[]> windows = List.of(new Instant[] {Instant.EPOCH, t0.plusSeconds(100_000)},
                    new Instant[] {t0.plusSeconds(20_000), t0.plusSeconds(20_400)},
                    new Instant[] {t0.plusSeconds(40_000), t0.plusSeconds(80_000)});
            for (Envelope box : boxes) {
                for (Instant[] w : windows) {
                    List<String> expected = all.stream()
                            .filter(p -> box.covers(p.lon(), p.lat()) && !p.time().isBefore(w[0]) && p.time().isBefore(w[1]))
                            .map(Position::unitId).distinct().sorted().toList();
                    assertThat(store.unitsPassed(box, w[0], w[1])).as("%s, %s .. %s", box, w[0], w[1])
                            .isEqualTo(expected);
                }
            }
            // Which index served: the R-tree for a small box over the whole span, where there is
            // one; the time index for the whole area over a few minutes.
            try (Connection c = connect()) {
                GeoPackageDialect dialect = new GeoPackageDialect();
                assertThat(dialect.trackBoxCondition(c, boxes.get(1), windows.get(0)[0], windows.get(0)[1]).sql())
                        .isEqualTo(rtree ? "fid IN (SELECT id FROM rtree_tracks_geom WHERE minx <= ? AND maxx >= ?"
                                + " AND miny <= ? AND maxy >= ?)" : Dialect.Condition.NONE.sql());
                assertThat(dialect.trackBoxCondition(c, boxes.get(3), windows.get(1)[0], windows.get(1)[1]))
                        .isEqualTo(Dialect.Condition.NONE);
            }
            // The lattice box has points on its edges, which the R-tree's float4 bounds must not lose.
            Envelope lattice = boxes.get(0);
            assertThat(all.stream().filter(p -> lattice.covers(p.lon(), p.lat()) && (p.lon() == lattice.getMinX()
                    || p.lon() == lattice.getMaxX() || p.lat() == lattice.getMinY() || p.lat() == lattice.getMaxY())))
                    .hasSizeGreaterThan(5);
        }
    }

    /**
     * GDAL opens the incidents layer through its R-tree: a spatial filter finds exactly the
     * incidents inside it, and GDAL's SQL sees the index entries.
     */
    @Test
    void gdalFiltersIncidentsByExtent() throws IOException, InterruptedException {
        Optional<Path> ogrinfo = onPath("ogrinfo");
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            assumeTrue(ogrinfo.isPresent(), "ogrinfo (GDAL, Debian package gdal-bin) is not on PATH; skipped");
        }
        assertThat(ogrinfo).as("ogrinfo under CI=true (.ci/run installs gdal-bin)").isPresent();
        String summary = run(ogrinfo.get().toString(), "-ro", "-so", file.toString(), "incidents");
        assertThat(summary).contains("Geometry: Point", "Feature Count: 3", "Extent: (117.960000, 37.360000) - (117.980000, 37.380000)");
        // Incidents 1..3 stand at (117.95 + id/100, 37.35 + id/100): the box holds 2 and 3.
        String filtered = run(ogrinfo.get().toString(), "-ro", "-q", "-spat", "117.965", "37.365", "117.985", "37.385",
                file.toString(), "incidents");
        assertThat(Pattern.compile("OGRFeature\\(incidents\\):(\\d+)").matcher(filtered).results()
                .map(m -> m.group(1)).toList()).as(filtered).containsExactly("2", "3");
        String none = run(ogrinfo.get().toString(), "-ro", "-q", "-spat", "118.5", "38.0", "118.6", "38.1",
                file.toString(), "incidents");
        assertThat(none).doesNotContain("OGRFeature");
        String index = run(ogrinfo.get().toString(), "-ro", "-q", file.toString(), "-sql",
                "SELECT id FROM rtree_incidents_geom WHERE minx >= 117.965 ORDER BY id");
        assertThat(Pattern.compile("id \\(Integer(64)?\\) = (\\d+)").matcher(index).results()
                .map(m -> m.group(2)).toList()).as(index).containsExactly("2", "3");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        assertThat(out).as(out).doesNotContainIgnoringCase("error");
        return out;
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
