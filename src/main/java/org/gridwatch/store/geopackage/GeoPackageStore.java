package org.gridwatch.store.geopackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.gridwatch.alert.Alert;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Geo;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Transition;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.SchoolPost;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.store.Rows;
import org.gridwatch.store.Store;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The embedded {@link Store}: one GeoPackage 1.3 file (SQLite) that QGIS, ArcGIS and GDAL open
 * as it is.
 *
 * <h2>Layout</h2>
 * Feature tables {@code areas_city}, {@code areas_county}, {@code areas_township},
 * {@code areas_village} and {@code grids} (geometry {@code MULTIPOLYGON}), {@code incidents}
 * (geometry {@code POINT}, one column per {@link Incident} field), the attributes table
 * {@code incident_transitions} (one row per history entry: {@code incident_id}, {@code seq}
 * from 0, ...), the live layer (schema version 2): {@code units} (the roster, one row per unit,
 * geometry {@code POINT} = last position, NULL before the first report), {@code tracks} (one
 * {@code POINT} row per position report, indexed on {@code (time_us / 60 s, unit_id, time_us)}
 * and on {@code time_us}; see {@link GeoPackageSchema}) and {@code alerts} ({@code POINT}, NULL for alerts without a place),
 * {@code school_posts} and {@code key_places} ({@code POINT}, schema version 4; time windows as
 * text {@code "07:10-07:50,11:20-11:50"}), and
 * {@code gridwatch_schema} holding our schema version. An older file is migrated on open (the
 * new tables and columns are added; nothing else changes). All geometries are WGS84 lon/lat,
 * {@code srs_id} 4326, x = longitude. The {@code gpkg_rtree_index} extension is
 * deliberately absent: its triggers call SpatiaLite-style SQL functions ({@code ST_MinX}, ...)
 * that plain sqlite-jdbc does not provide, so any write would fail; spatial queries are answered
 * by the in-memory indexes anyway. {@code gpkg_contents} extents are widened on every write
 * (never shrunk, except when areas are replaced).
 *
 * <h2>Round-trip fidelity</h2>
 * <ul>
 *   <li>Instants are kept to the <b>microsecond</b> (like PostgreSQL {@code timestamptz}):
 *       columns {@code *_us} hold epoch microseconds and are authoritative; the
 *       {@code DATETIME} text beside them ({@code YYYY-MM-DDTHH:MM:SS.SSSZ}, UTC) is for GIS
 *       users. Nanoseconds below the microsecond are truncated.</li>
 *   <li>Area geometries are stored as MultiPolygons (the declared layer type); on load a
 *       one-part MultiPolygon comes back as a Polygon, the same point set.</li>
 *   <li>Doubles, text (UTF-8, e.g. Chinese names) and nulls round-trip exactly; an unknown
 *       speed, heading or accuracy (NaN) is stored as NULL and read back as NaN.</li>
 * </ul>
 *
 * <h2>Durability</h2>
 * SQLite in WAL mode. With {@code fullSync} false, {@code synchronous=NORMAL}: a committed write
 * survives a crash or {@code kill -9} of the process, but the last transactions before a power
 * loss or OS crash may be rolled back (the database stays consistent). With {@code fullSync}
 * true, {@code synchronous=FULL}: the WAL is fsynced at every commit, so committed writes also
 * survive power loss, at the cost of one fsync per write.
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. Writes, {@link #maxIncidentId()} and {@link #maxAlertId()} share one writer
 * connection guarded by a lock, one transaction per call; a failed write is rolled back and the store stays usable.
 * {@link #loadAreas()}, {@link #loadSchoolPosts()}, {@link #loadKeyPlaces()},
 * {@link #forEachIncident(Consumer)}, {@link #loadUnits()},
 * {@link #track}, {@link #unitsPassed} and {@link #loadAlerts} each open their own read-only
 * connection and read one consistent snapshot; thanks to WAL they neither wait for nor block
 * writers, so a sink may even write to this store.
 */
public final class GeoPackageStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageStore.class);

    /** Rows per JDBC batch in bulk inserts: large enough to amortise the JNI call, small enough for memory. */
    private static final int BATCH_SIZE = 1_000;
    /** Rows per JDBC batch when appending positions (small rows, many of them). */
    private static final int POSITION_BATCH_SIZE = 5_000;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /**
     * Page cache of each connection, KiB (SQLite's default is 2 MiB): bulk loads update the
     * {@code reported_at_us} index in random order and are several times slower when its pages
     * keep falling out of the cache.
     */
    private static final int CACHE_KIB = 64 * 1024;
    /**
     * WAL pages after which a commit checkpoints (SQLite's default is 1,000, 4 MiB). Position
     * batches dirty the same pages again and again; checkpointing every 64 MiB instead of every
     * 4 MiB copies each of them to the database file far less often (ingest of 5,000-position
     * batches: about 106,000/s with the default, 140,000/s with this). The WAL file may grow to
     * about this size.
     */
    private static final int WAL_AUTOCHECKPOINT_PAGES = 16_384;

    private static final String INSERT_INCIDENT = """
            INSERT INTO incidents (id, geom, source, external_id, category, severity, lon, lat,
              original_crs, original_lon, original_lat, grid_code, title, description,
              reported_at, reported_at_us, received_at, received_at_us, status, rating)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String UPDATE_INCIDENT = """
            UPDATE incidents SET geom = ?, source = ?, external_id = ?, category = ?, severity = ?,
              lon = ?, lat = ?, original_crs = ?, original_lon = ?, original_lat = ?, grid_code = ?,
              title = ?, description = ?, reported_at = ?, reported_at_us = ?, received_at = ?,
              received_at_us = ?, status = ?, rating = ?
            WHERE id = ?""";
    private static final String INSERT_TRANSITION = """
            INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, at_us, note, unit_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String APPEND_TRANSITION = """
            INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, at_us, note, unit_id)
            VALUES (?1, (SELECT COALESCE(MAX(seq) + 1, 0) FROM incident_transitions WHERE incident_id = ?1),
                    ?2, ?3, ?4, ?5, ?6, ?7, ?8)""";
    private static final String SELECT_INCIDENTS = """
            SELECT id, source, external_id, category, severity, lon, lat, original_crs, original_lon,
              original_lat, grid_code, title, description, reported_at_us, received_at_us, status, rating
            FROM incidents ORDER BY id""";
    private static final String SELECT_TRANSITIONS = """
            SELECT incident_id, from_status, to_status, actor, at_us, note, unit_id
            FROM incident_transitions ORDER BY incident_id, seq""";
    private static final String SELECT_UNITS = """
            SELECT id, call_sign, kind, agency, home_county_code, home_township_code, demo, status,
              last_lon, last_lat, last_time_us, last_speed, last_heading, last_accuracy
            FROM units ORDER BY id""";
    private static final String UPSERT_UNIT = """
            INSERT INTO units (geom, id, call_sign, kind, agency, home_county_code, home_township_code, demo,
              status, last_lon, last_lat, last_time, last_time_us, last_speed, last_heading, last_accuracy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET geom = excluded.geom, call_sign = excluded.call_sign,
              kind = excluded.kind, agency = excluded.agency, home_county_code = excluded.home_county_code,
              home_township_code = excluded.home_township_code, demo = excluded.demo, status = excluded.status,
              last_lon = excluded.last_lon, last_lat = excluded.last_lat, last_time = excluded.last_time,
              last_time_us = excluded.last_time_us, last_speed = excluded.last_speed,
              last_heading = excluded.last_heading, last_accuracy = excluded.last_accuracy""";
    /** ?1 geom, ?2..?8 the last_* columns, ?9 unit id; only moves the last position forward in time. */
    private static final String UPDATE_LAST_POSITION = """
            UPDATE units SET geom = ?1, last_lon = ?2, last_lat = ?3, last_time = ?4, last_time_us = ?5,
              last_speed = ?6, last_heading = ?7, last_accuracy = ?8
            WHERE id = ?9 AND (last_time_us IS NULL OR last_time_us <= ?5)""";
    private static final String INSERT_POSITION = """
            INSERT INTO tracks (geom, unit_id, time, time_us, lon, lat, speed, heading, accuracy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** Earliest and latest time_us of all tracks (two index look-ups), to bound the minutes walked. */
    private static final String TRACKS_TIME_RANGE =
            "SELECT (SELECT MIN(time_us) FROM tracks), (SELECT MAX(time_us) FROM tracks)";
    /**
     * ?1..?2 first and last minute, ?3 unit, ?4..?5 window. Walks the minutes (a recursive CTE,
     * forced outermost by CROSS JOIN) and seeks tracks_minute_unit_time_idx once per minute.
     */
    private static final String SELECT_TRACK = """
            WITH RECURSIVE minute(m) AS (SELECT ?1 UNION ALL SELECT m + 1 FROM minute WHERE m < ?2)
            SELECT t.lon, t.lat, t.time_us, t.speed, t.heading, t.accuracy
            FROM minute CROSS JOIN tracks t
            WHERE t.time_us / %d = minute.m AND t.unit_id = ?3 AND t.time_us >= ?4 AND t.time_us < ?5
            ORDER BY t.time_us, t.fid""".formatted(GeoPackageSchema.TRACK_INDEX_BUCKET_US);
    private static final String SELECT_UNITS_PASSED = """
            SELECT DISTINCT unit_id FROM tracks
            WHERE time_us >= ? AND time_us < ? AND lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?
            ORDER BY unit_id""";
    private static final String INSERT_ALERT = """
            INSERT INTO alerts (id, geom, kind, severity, title, detail, area_code, lon, lat, raised_at,
              raised_at_us, acked_at, acked_at_us, acked_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String ACK_ALERT = """
            UPDATE alerts SET acked_at = ?, acked_at_us = ?, acked_by = ? WHERE id = ? AND acked_at_us IS NULL""";
    private static final String SELECT_ALERTS = """
            SELECT id, kind, severity, title, detail, area_code, lon, lat, raised_at_us, acked_at_us, acked_by
            FROM alerts WHERE raised_at_us >= ? ORDER BY id""";
    private static final String SELECT_SCHOOL_POSTS = """
            SELECT id, name, kind, lon, lat, radius_m, duty_windows, required_staff, grid_code, county_code, demo
            FROM school_posts ORDER BY id""";
    private static final String INSERT_SCHOOL_POST = """
            INSERT INTO school_posts (geom, id, name, kind, lon, lat, radius_m, duty_windows, required_staff,
              grid_code, county_code, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_KEY_PLACES = """
            SELECT id, name, kind, lon, lat, key_periods, patrol_interval_min, grid_code, county_code, demo
            FROM key_places ORDER BY id""";
    private static final String INSERT_KEY_PLACE = """
            INSERT INTO key_places (geom, id, name, kind, lon, lat, key_periods, patrol_interval_min, grid_code,
              county_code, demo)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    /** Widens a table's extent in gpkg_contents: ?1..?4 = min x, min y, max x, max y; ?5 = now; ?6 = table. */
    private static final String WIDEN_EXTENT = """
            UPDATE gpkg_contents SET min_x = MIN(COALESCE(min_x, ?1), ?1), min_y = MIN(COALESCE(min_y, ?2), ?2),
              max_x = MAX(COALESCE(max_x, ?3), ?3), max_y = MAX(COALESCE(max_y, ?4), ?4), last_change = ?5
            WHERE table_name = ?6""";
    private static final String TOUCH = "UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?";

    private final Path file;
    private final boolean fullSync;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Guarded by {@link #writeLock}; autocommit off, so every call ends in commit or rollback. */
    private final Connection writer;
    private volatile boolean closed;

    private GeoPackageStore(Path file, boolean fullSync, Connection writer) {
        this.file = file;
        this.fullSync = fullSync;
        this.writer = writer;
    }

    /**
     * Opens the GeoPackage at {@code file}, creating it (and its parent directories) when absent.
     *
     * @param file     the {@code .gpkg} file
     * @param fullSync true for {@code synchronous=FULL} (committed writes survive power loss),
     *                 false for {@code NORMAL} (they survive a process crash; see the class comment)
     * @throws StoreException if the file cannot be created or opened, is not a GridWatch
     *                        GeoPackage, or has a newer GridWatch schema than this code
     */
    public static GeoPackageStore open(Path file, boolean fullSync) {
        Objects.requireNonNull(file, "file");
        Path path = file.toAbsolutePath();
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of GeoPackage " + path + ": " + e.getMessage(), e);
        }
        Connection c = null;
        try {
            c = connect(path, fullSync, false);
            GeoPackageSchema.createOrVerify(c, path);
            c.setAutoCommit(false);
            LOG.info("opened GeoPackage store {} (schema {}, synchronous={})", path,
                    GeoPackageSchema.SCHEMA_VERSION, fullSync ? "FULL" : "NORMAL");
            return new GeoPackageStore(path, fullSync, c);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open GeoPackage " + path + ": " + e.getMessage(), e);
        }
    }

    /** The GeoPackage file. */
    public Path file() {
        return file;
    }

    /** True when opened with {@code synchronous=FULL}. */
    public boolean fullSync() {
        return fullSync;
    }

    // ---------------------------------------------------------------- areas

    @Override
    public List<AdminArea> loadAreas() {
        try (Connection c = openReader()) {
            List<AdminArea> areas = new ArrayList<>();
            for (AdminLevel level : AdminLevel.values()) {
                String sql = "SELECT code, name, parent_code, geom, population, households, area_sqm, grid_worker, demo"
                        + " FROM " + GeoPackageSchema.areaTable(level) + " ORDER BY fid";
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        areas.add(readArea(level, rs));
                    }
                }
            }
            c.rollback();
            return areas;
        } catch (SQLException | RuntimeException e) {
            throw failure("loadAreas", "", e);
        }
    }

    private static AdminArea readArea(AdminLevel level, ResultSet rs) throws SQLException {
        String code = rs.getString(1);
        try {
            Geometry g = GeoPackageGeometry.decode(rs.getBytes(4));
            if (g instanceof MultiPolygon mp && mp.getNumGeometries() == 1) {
                g = mp.getGeometryN(0);
            }
            g.setSRID(Geo.SRID);
            return new AdminArea(code, rs.getString(2), level, rs.getString(3), g, rs.getLong(5), rs.getLong(6),
                    rs.getDouble(7), rs.getString(8), rs.getBoolean(9));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("area " + code + " in " + GeoPackageSchema.areaTable(level)
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void replaceAreas(List<AdminArea> areas) {
        Objects.requireNonNull(areas, "areas");
        inTransaction("replaceAreas", areas.size() + " areas", () -> {
            Map<AdminLevel, Envelope> extents = new EnumMap<>(AdminLevel.class);
            Map<AdminLevel, PreparedStatement> inserts = new EnumMap<>(AdminLevel.class);
            try {
                for (AdminLevel level : AdminLevel.values()) {
                    String t = GeoPackageSchema.areaTable(level);
                    try (PreparedStatement del = writer.prepareStatement("DELETE FROM " + t)) {
                        del.executeUpdate();
                    }
                    inserts.put(level, writer.prepareStatement("INSERT INTO " + t + " (geom, code, name, parent_code,"
                            + " population, households, area_sqm, grid_worker, demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
                    extents.put(level, new Envelope());
                }
                for (AdminArea a : areas) {
                    PreparedStatement ps = inserts.get(a.level());
                    ps.setBytes(1, GeoPackageGeometry.encode(Rows.asMultiPolygon(a), Geo.SRID));
                    ps.setString(2, a.code());
                    ps.setString(3, a.name());
                    ps.setString(4, a.parentCode());
                    ps.setLong(5, a.population());
                    ps.setLong(6, a.households());
                    ps.setDouble(7, a.areaSqm());
                    ps.setString(8, a.gridWorker());
                    ps.setBoolean(9, a.demo());
                    try {
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        throw new SQLException("area " + a.code() + ": " + e.getMessage(), e.getSQLState(),
                                e.getErrorCode(), e);
                    }
                    extents.get(a.level()).expandToInclude(a.geometry().getEnvelopeInternal());
                }
            } finally {
                for (PreparedStatement ps : inserts.values()) {
                    ps.close();
                }
            }
            String now = datetime(Instant.now());
            try (PreparedStatement ps = writer.prepareStatement("UPDATE gpkg_contents SET min_x = ?, min_y = ?,"
                    + " max_x = ?, max_y = ?, last_change = ? WHERE table_name = ?")) {
                for (Map.Entry<AdminLevel, Envelope> e : extents.entrySet()) {
                    Envelope env = e.getValue();
                    Rows.setNullableDouble(ps, 1, env.isNull() ? null : env.getMinX());
                    Rows.setNullableDouble(ps, 2, env.isNull() ? null : env.getMinY());
                    Rows.setNullableDouble(ps, 3, env.isNull() ? null : env.getMaxX());
                    Rows.setNullableDouble(ps, 4, env.isNull() ? null : env.getMaxY());
                    ps.setString(5, now);
                    ps.setString(6, GeoPackageSchema.areaTable(e.getKey()));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- posts and key places

    @Override
    public List<SchoolPost> loadSchoolPosts() {
        return readAll("loadSchoolPosts", SELECT_SCHOOL_POSTS, Rows::schoolPost);
    }

    @Override
    public List<KeyPlace> loadKeyPlaces() {
        return readAll("loadKeyPlaces", SELECT_KEY_PLACES, Rows::keyPlace);
    }

    /** Every row {@code sql} selects, mapped by {@code reader}, on a read-only connection. */
    private <T> List<T> readAll(String op, String sql, Rows.RowReader<T> reader) {
        try (Connection c = openReader(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(reader.read(rs));
            }
            c.rollback();
            return out;
        } catch (SQLException | RuntimeException e) {
            throw failure(op, "", e);
        }
    }

    /** Replaces by deleting the ids given, then inserting: a replaced row gets a new fid. */
    @Override
    public void upsertPlaces(List<SchoolPost> posts, List<KeyPlace> keyPlaces) {
        if (!Rows.checkPlaces(posts, keyPlaces)) {
            return;
        }
        inTransaction("upsertPlaces", posts.size() + " posts, " + keyPlaces.size() + " key places", () -> {
            Envelope postExtent = new Envelope();
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM school_posts WHERE id = ?");
                 PreparedStatement insert = writer.prepareStatement(INSERT_SCHOOL_POST)) {
                Rows.batch(delete, posts, BATCH_SIZE, (ps, p) -> ps.setString(1, p.id()));
                Rows.batch(insert, posts, BATCH_SIZE, (ps, p) -> {
                    ps.setBytes(1, GeoPackageGeometry.encodePoint(p.gate().getX(), p.gate().getY(), Geo.SRID));
                    Rows.bindSchoolPost(ps, 2, p);
                    postExtent.expandToInclude(p.gate().getCoordinate());
                });
            }
            Envelope placeExtent = new Envelope();
            try (PreparedStatement delete = writer.prepareStatement("DELETE FROM key_places WHERE id = ?");
                 PreparedStatement insert = writer.prepareStatement(INSERT_KEY_PLACE)) {
                Rows.batch(delete, keyPlaces, BATCH_SIZE, (ps, k) -> ps.setString(1, k.id()));
                Rows.batch(insert, keyPlaces, BATCH_SIZE, (ps, k) -> {
                    ps.setBytes(1, GeoPackageGeometry.encodePoint(k.location().getX(), k.location().getY(), Geo.SRID));
                    Rows.bindKeyPlace(ps, 2, k);
                    placeExtent.expandToInclude(k.location().getCoordinate());
                });
            }
            widenExtent(GeoPackageSchema.SCHOOL_POSTS, postExtent);
            touch(GeoPackageSchema.SCHOOL_POSTS);
            widenExtent(GeoPackageSchema.KEY_PLACES, placeExtent);
            touch(GeoPackageSchema.KEY_PLACES);
            return null;
        });
    }

    // ---------------------------------------------------------------- incidents

    @Override
    public long maxIncidentId() {
        return inTransaction("maxIncidentId", "", () -> {
            try (PreparedStatement ps = writer.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM incidents");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public void insertIncident(Incident incident) {
        Objects.requireNonNull(incident, "incident");
        insert("insertIncident", "id " + incident.id(), List.of(incident));
    }

    @Override
    public void insertIncidents(List<Incident> incidents) {
        Objects.requireNonNull(incidents, "incidents");
        if (incidents.isEmpty()) {
            return;
        }
        String what = incidents.size() == 1 ? "id " + incidents.get(0).id()
                : incidents.size() + " incidents, ids " + incidents.get(0).id() + ".."
                + incidents.get(incidents.size() - 1).id();
        insert("insertIncidents", what, incidents);
    }

    private void insert(String op, String what, List<Incident> incidents) {
        try {
            inTransaction(op, what, () -> {
                Envelope extent = new Envelope();
                try (PreparedStatement inc = writer.prepareStatement(INSERT_INCIDENT);
                     PreparedStatement tr = writer.prepareStatement(INSERT_TRANSITION)) {
                    int pendingIncidents = 0;
                    int pendingTransitions = 0;
                    for (Incident i : incidents) {
                        bindIncident(inc, i, true);
                        inc.addBatch();
                        extent.expandToInclude(i.lon(), i.lat());
                        List<Transition> h = i.history();
                        for (int seq = 0; seq < h.size(); seq++) {
                            Transition t = h.get(seq);
                            tr.setLong(1, i.id());
                            tr.setInt(2, seq);
                            bindTransition(tr, 3, t);
                            tr.addBatch();
                            pendingTransitions++;
                        }
                        if (++pendingIncidents >= BATCH_SIZE) {
                            inc.executeBatch();
                            pendingIncidents = 0;
                        }
                        if (pendingTransitions >= BATCH_SIZE) {
                            tr.executeBatch();
                            pendingTransitions = 0;
                        }
                    }
                    if (pendingIncidents > 0) {
                        inc.executeBatch();
                    }
                    if (pendingTransitions > 0) {
                        tr.executeBatch();
                    }
                }
                widenExtent(GeoPackageSchema.INCIDENTS, extent);
                touch(GeoPackageSchema.TRANSITIONS);
                return null;
            });
        } catch (StoreException e) {
            if (isDuplicateKey(e.getCause())) {
                // Rolled back by now, so the table holds only ids that were there before.
                throw new StoreException(op + " failed (" + what + "): " + describeConflict(incidents)
                        + "; nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    /** Names the first id of {@code incidents} repeated in the list or already stored. */
    private String describeConflict(List<Incident> incidents) {
        Set<Long> seen = new HashSet<>();
        for (Incident i : incidents) {
            if (!seen.add(i.id())) {
                return "id " + i.id() + " appears twice in the batch";
            }
        }
        writeLock.lock();
        try (PreparedStatement ps = writer.prepareStatement("SELECT 1 FROM incidents WHERE id = ?")) {
            for (Incident i : incidents) {
                ps.setLong(1, i.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return "incident id " + i.id() + " exists already";
                    }
                }
            }
            return "duplicate incident id";
        } catch (SQLException e) {
            return "duplicate incident id";
        } finally {
            try {
                writer.rollback();
            } catch (SQLException e) {
                LOG.warn("rollback after a read on {} failed: {}", file, e.getMessage());
            }
            writeLock.unlock();
        }
    }

    @Override
    public void updateIncident(Incident updated, Transition transition) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(transition, "transition");
        inTransaction("updateIncident", "id " + updated.id(), () -> {
            try (PreparedStatement up = writer.prepareStatement(UPDATE_INCIDENT);
                 PreparedStatement tr = writer.prepareStatement(APPEND_TRANSITION)) {
                bindIncident(up, updated, false);
                up.setLong(20, updated.id());
                if (up.executeUpdate() != 1) {
                    throw new StoreException(FailureKind.NOT_FOUND, "updateIncident failed (id " + updated.id()
                            + "): no such incident; nothing was changed", null);
                }
                tr.setLong(1, updated.id());
                bindTransition(tr, 2, transition);
                tr.executeUpdate();
            }
            Envelope e = new Envelope();
            e.expandToInclude(updated.lon(), updated.lat());
            widenExtent(GeoPackageSchema.INCIDENTS, e);
            touch(GeoPackageSchema.TRANSITIONS);
            return null;
        });
    }

    /**
     * Binds every incident column from parameter 1. With {@code withId} the id comes first (insert
     * order); without, it is left out (the update binds it last, in its WHERE clause).
     */
    private static void bindIncident(PreparedStatement ps, Incident i, boolean withId) throws SQLException {
        int p = 1;
        if (withId) {
            ps.setLong(p++, i.id());
        }
        ps.setBytes(p++, GeoPackageGeometry.encodePoint(i.lon(), i.lat(), Geo.SRID));
        ps.setString(p++, i.source().id());
        ps.setString(p++, i.externalId());
        ps.setString(p++, i.category().id());
        ps.setInt(p++, i.severity());
        ps.setDouble(p++, i.lon());
        ps.setDouble(p++, i.lat());
        ps.setString(p++, i.originalCrs().id());
        ps.setDouble(p++, i.originalLon());
        ps.setDouble(p++, i.originalLat());
        ps.setString(p++, i.gridCode());
        ps.setString(p++, i.title());
        ps.setString(p++, i.description());
        ps.setString(p++, datetime(i.reportedAt()));
        ps.setLong(p++, toMicros(i.reportedAt()));
        ps.setString(p++, datetime(i.receivedAt()));
        ps.setLong(p++, toMicros(i.receivedAt()));
        ps.setString(p++, i.status().id());
        if (i.rating() == null) {
            ps.setNull(p, Types.INTEGER);
        } else {
            ps.setInt(p, i.rating());
        }
    }

    /** Binds from_status, to_status, actor, at, at_us, note, unit_id starting at parameter {@code p}. */
    private static void bindTransition(PreparedStatement ps, int p, Transition t) throws SQLException {
        ps.setString(p, t.from() == null ? null : t.from().id());
        ps.setString(p + 1, t.to().id());
        ps.setString(p + 2, t.actor());
        ps.setString(p + 3, datetime(t.at()));
        ps.setLong(p + 4, toMicros(t.at()));
        ps.setString(p + 5, t.note());
        ps.setString(p + 6, t.unitId());
    }

    private void widenExtent(String table, Envelope e) throws SQLException {
        if (e.isNull()) {
            return;
        }
        try (PreparedStatement ps = writer.prepareStatement(WIDEN_EXTENT)) {
            ps.setDouble(1, e.getMinX());
            ps.setDouble(2, e.getMinY());
            ps.setDouble(3, e.getMaxX());
            ps.setDouble(4, e.getMaxY());
            ps.setString(5, datetime(Instant.now()));
            ps.setString(6, table);
            ps.executeUpdate();
        }
    }

    private void touch(String table) throws SQLException {
        try (PreparedStatement ps = writer.prepareStatement(TOUCH)) {
            ps.setString(1, datetime(Instant.now()));
            ps.setString(2, table);
            ps.executeUpdate();
        }
    }

    /**
     * Streams every incident in id order. Two ordered scans (incidents by id, transitions by
     * incident id and seq) are merged like a sort-merge join, so memory stays at one incident and
     * there is no query per incident. Transitions whose incident is missing are skipped and
     * counted in a warning.
     *
     * <p>An exception thrown by {@code sink} is not wrapped: it ends the scan and propagates. A row
     * that cannot be read (unknown enum identifier, missing value) ends the scan with a
     * {@link StoreException} naming the incident id.
     */
    @Override
    public void forEachIncident(Consumer<Incident> sink) {
        Objects.requireNonNull(sink, "sink");
        long current = 0;
        try (Connection c = openReader();
             PreparedStatement pi = c.prepareStatement(SELECT_INCIDENTS);
             PreparedStatement pt = c.prepareStatement(SELECT_TRANSITIONS);
             ResultSet ri = pi.executeQuery();
             ResultSet rt = pt.executeQuery()) {
            boolean moreTransitions = rt.next();
            long orphans = 0;
            while (ri.next()) {
                current = ri.getLong(1);
                List<Transition> history = new ArrayList<>(4);
                while (moreTransitions) {
                    long owner = rt.getLong(1);
                    if (owner > current) {
                        break;
                    }
                    if (owner == current) {
                        history.add(Rows.transition(rt, current, GeoPackageStore::micros));
                    } else {
                        orphans++;
                    }
                    moreTransitions = rt.next();
                }
                Incident incident;
                try {
                    incident = Rows.incident(ri, history, GeoPackageStore::micros);
                } catch (RuntimeException e) {
                    throw new SQLException("unreadable incident row " + current + ": " + e.getMessage(), e);
                }
                sink.accept(incident);
            }
            while (moreTransitions) {
                orphans++;
                moreTransitions = rt.next();
            }
            if (orphans > 0) {
                LOG.warn("{}: skipped {} incident transitions whose incident does not exist", file, orphans);
            }
            c.rollback();
        } catch (SQLException e) {
            throw failure("forEachIncident", current == 0 ? "" : "at id " + current, e);
        }
    }

    // ---------------------------------------------------------------- units

    @Override
    public List<UnitRecord> loadUnits() {
        try (Connection c = openReader();
             PreparedStatement ps = c.prepareStatement(SELECT_UNITS);
             ResultSet rs = ps.executeQuery()) {
            List<UnitRecord> units = new ArrayList<>();
            while (rs.next()) {
                units.add(Rows.unit(rs, GeoPackageStore::micros));
            }
            c.rollback();
            return units;
        } catch (SQLException | RuntimeException e) {
            throw failure("loadUnits", "", e);
        }
    }

    @Override
    public void upsertUnits(List<UnitRecord> units) {
        Objects.requireNonNull(units, "units");
        if (units.isEmpty()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (UnitRecord u : units) {
            if (!ids.add(u.id())) {
                throw new StoreException("upsertUnits failed: unit " + u.id() + " appears twice in the batch;"
                        + " nothing was stored");
            }
        }
        inTransaction("upsertUnits", units.size() + " units", () -> {
            Envelope extent = new Envelope();
            try (PreparedStatement upsert = writer.prepareStatement(UPSERT_UNIT)) {
                Rows.batch(upsert, units, BATCH_SIZE, (ps, r) -> {
                    Unit u = r.unit();
                    Position p = r.lastPosition();
                    ps.setBytes(1, p == null ? null : GeoPackageGeometry.encodePoint(p.lon(), p.lat(), Geo.SRID));
                    ps.setString(2, u.id());
                    ps.setString(3, u.callSign());
                    ps.setString(4, u.kind().id());
                    ps.setString(5, u.agency());
                    ps.setString(6, u.homeCountyCode());
                    ps.setString(7, u.homeTownshipCode());
                    ps.setBoolean(8, u.demo());
                    ps.setString(9, r.status().id());
                    if (p == null) {
                        for (int i = 10; i <= 16; i++) {
                            ps.setNull(i, i == 12 ? Types.VARCHAR : i == 13 ? Types.BIGINT : Types.DOUBLE);
                        }
                    } else {
                        bindLastPosition(ps, 10, p);
                        extent.expandToInclude(p.lon(), p.lat());
                    }
                });
            }
            widenExtent(GeoPackageSchema.UNITS, extent);
            touch(GeoPackageSchema.UNITS);
            return null;
        });
    }

    /** Binds last_lon, last_lat, last_time, last_time_us, last_speed, last_heading, last_accuracy from {@code p}. */
    private static void bindLastPosition(PreparedStatement ps, int p, Position pos) throws SQLException {
        ps.setDouble(p, pos.lon());
        ps.setDouble(p + 1, pos.lat());
        ps.setString(p + 2, datetime(pos.time()));
        ps.setLong(p + 3, toMicros(pos.time()));
        Rows.setDoubleOrNull(ps, p + 4, pos.speed());
        Rows.setDoubleOrNull(ps, p + 5, pos.heading());
        Rows.setDoubleOrNull(ps, p + 6, pos.accuracy());
    }

    // ---------------------------------------------------------------- positions and tracks

    /**
     * Appends in one transaction. Last positions are updated first, one UPDATE per unit with the
     * batch's latest position of that unit, guarded by time so that a late batch never moves a
     * unit back; so an unknown unit fails the call before any track row is written. Then the
     * track rows go in as JDBC batches.
     */
    @Override
    public void appendPositions(List<Position> positions) {
        Objects.requireNonNull(positions, "positions");
        if (positions.isEmpty()) {
            return;
        }
        Map<String, Position> latest = new LinkedHashMap<>();
        Envelope extent = new Envelope();
        for (Position p : positions) {
            latest.merge(p.unitId(), p, (old, neu) -> neu.time().compareTo(old.time()) >= 0 ? neu : old);
            extent.expandToInclude(p.lon(), p.lat());
        }
        Envelope lastExtent = new Envelope();
        for (Position p : latest.values()) {
            lastExtent.expandToInclude(p.lon(), p.lat());
        }
        inTransaction("appendPositions", positions.size() + " positions of " + latest.size() + " units", () -> {
            try (PreparedStatement up = writer.prepareStatement(UPDATE_LAST_POSITION)) {
                List<String> order = new ArrayList<>(latest.size());
                for (Position p : latest.values()) {
                    up.setBytes(1, GeoPackageGeometry.encodePoint(p.lon(), p.lat(), Geo.SRID));
                    bindLastPosition(up, 2, p);
                    up.setString(9, p.unitId());
                    up.addBatch();
                    order.add(p.unitId());
                }
                int[] counts = up.executeBatch();
                List<String> unchanged = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        unchanged.add(order.get(i));
                    }
                }
                requireInRoster(unchanged);
            }
            try (PreparedStatement insert = writer.prepareStatement(INSERT_POSITION)) {
                Rows.batch(insert, positions, POSITION_BATCH_SIZE, (ins, p) -> {
                    ins.setBytes(1, GeoPackageGeometry.encodePoint(p.lon(), p.lat(), Geo.SRID));
                    ins.setString(2, p.unitId());
                    ins.setString(3, datetime(p.time()));
                    ins.setLong(4, toMicros(p.time()));
                    ins.setDouble(5, p.lon());
                    ins.setDouble(6, p.lat());
                    Rows.setDoubleOrNull(ins, 7, p.speed());
                    Rows.setDoubleOrNull(ins, 8, p.heading());
                    Rows.setDoubleOrNull(ins, 9, p.accuracy());
                });
            }
            widenExtent(GeoPackageSchema.TRACKS, extent);
            widenExtent(GeoPackageSchema.UNITS, lastExtent);
            return null;
        });
    }

    /**
     * Units whose last position the append did not change either have a newer one stored or are
     * not in the roster; the second fails the append (the caller's transaction rolls back).
     */
    private void requireInRoster(List<String> unitIds) throws SQLException {
        if (unitIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = writer.prepareStatement("SELECT 1 FROM units WHERE id = ?")) {
            for (String id : unitIds) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("appendPositions failed: unit \"" + id
                                + "\" is not in the roster; nothing was stored");
                    }
                }
            }
        }
    }

    @Override
    public List<Position> track(String unitId, Instant from, Instant to) {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            return List.of();
        }
        try (Connection c = openReader(); PreparedStatement range = c.prepareStatement(TRACKS_TIME_RANGE);
             PreparedStatement ps = c.prepareStatement(SELECT_TRACK)) {
            long lo;
            long hi;
            try (ResultSet rs = range.executeQuery()) {
                rs.next();
                long min = rs.getLong(1);
                if (rs.wasNull()) {
                    c.rollback();
                    return List.of();
                }
                // The window [from, to) clamped to the stored times, so an open-ended window does
                // not walk billions of empty minutes.
                lo = Math.max(clampedMicros(from), min);
                hi = Math.min(clampedMicros(to) - 1, rs.getLong(2));
            }
            if (lo > hi) {
                c.rollback();
                return List.of();
            }
            long bucket = GeoPackageSchema.TRACK_INDEX_BUCKET_US;
            ps.setLong(1, lo / bucket);
            ps.setLong(2, hi / bucket);
            ps.setString(3, unitId);
            ps.setLong(4, lo);
            ps.setLong(5, hi + 1);
            List<Position> track = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    track.add(new Position(unitId, rs.getDouble(1), rs.getDouble(2), fromMicros(rs.getLong(3)),
                            Rows.nanIfNull(rs, 4), Rows.nanIfNull(rs, 5), Rows.nanIfNull(rs, 6)));
                }
            }
            c.rollback();
            return track;
        } catch (SQLException | RuntimeException e) {
            throw failure("track", "unit " + unitId + ", " + from + " .. " + to, e);
        }
    }

    @Override
    public List<String> unitsPassed(Envelope bbox, Instant from, Instant to) {
        Objects.requireNonNull(bbox, "bbox");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (bbox.isNull() || !from.isBefore(to)) {
            return List.of();
        }
        try (Connection c = openReader(); PreparedStatement ps = c.prepareStatement(SELECT_UNITS_PASSED)) {
            ps.setLong(1, clampedMicros(from));
            ps.setLong(2, clampedMicros(to));
            ps.setDouble(3, bbox.getMinX());
            ps.setDouble(4, bbox.getMaxX());
            ps.setDouble(5, bbox.getMinY());
            ps.setDouble(6, bbox.getMaxY());
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            c.rollback();
            return ids;
        } catch (SQLException | RuntimeException e) {
            throw failure("unitsPassed", bbox + ", " + from + " .. " + to, e);
        }
    }

    // ---------------------------------------------------------------- alerts

    @Override
    public void insertAlert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        try {
            inTransaction("insertAlert", "id " + alert.id(), () -> {
                try (PreparedStatement ps = writer.prepareStatement(INSERT_ALERT)) {
                    boolean located = alert.lon() != null;
                    ps.setLong(1, alert.id());
                    ps.setBytes(2, located ? GeoPackageGeometry.encodePoint(alert.lon(), alert.lat(), Geo.SRID) : null);
                    ps.setString(3, alert.kind());
                    ps.setString(4, alert.severity());
                    ps.setString(5, alert.title());
                    ps.setString(6, alert.detail());
                    ps.setString(7, alert.areaCode());
                    Rows.setNullableDouble(ps, 8, alert.lon());
                    Rows.setNullableDouble(ps, 9, alert.lat());
                    ps.setString(10, datetime(alert.raisedAt()));
                    ps.setLong(11, toMicros(alert.raisedAt()));
                    bindAck(ps, 12, alert.ackedBy(), alert.ackedAt());
                    ps.executeUpdate();
                }
                Envelope e = new Envelope();
                if (alert.lon() != null) {
                    e.expandToInclude(alert.lon(), alert.lat());
                }
                widenExtent(GeoPackageSchema.ALERTS, e);
                touch(GeoPackageSchema.ALERTS);
                return null;
            });
        } catch (StoreException e) {
            if (isDuplicateKey(e.getCause())) {
                throw new DuplicateIdException("insertAlert failed: alert id " + alert.id() + " exists already;"
                        + " nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    /** Binds acked_at, acked_at_us, acked_by from parameter {@code p}; all NULL when {@code at} is null. */
    private static void bindAck(PreparedStatement ps, int p, String by, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(p, Types.VARCHAR);
            ps.setNull(p + 1, Types.BIGINT);
        } else {
            ps.setString(p, datetime(at));
            ps.setLong(p + 1, toMicros(at));
        }
        ps.setString(p + 2, by);
    }

    @Override
    public void ackAlert(long id, String by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        inTransaction("ackAlert", "id " + id, () -> {
            try (PreparedStatement ps = writer.prepareStatement(ACK_ALERT)) {
                bindAck(ps, 1, by, at);
                ps.setLong(4, id);
                if (ps.executeUpdate() == 1) {
                    touch(GeoPackageSchema.ALERTS);
                    return null;
                }
            }
            try (PreparedStatement ps = writer.prepareStatement(
                    "SELECT acked_by, acked_at_us FROM alerts WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(FailureKind.NOT_FOUND, "ackAlert failed: no alert with id " + id
                                + "; nothing was changed", null);
                    }
                    throw new StoreException(FailureKind.CONFLICT, "ackAlert failed: alert " + id + " was acknowledged already by "
                            + rs.getString(1) + " at " + fromMicros(rs.getLong(2)) + "; nothing was changed", null);
                }
            }
        });
    }

    @Override
    public List<Alert> loadAlerts(Instant since) {
        Objects.requireNonNull(since, "since");
        try (Connection c = openReader(); PreparedStatement ps = c.prepareStatement(SELECT_ALERTS)) {
            ps.setLong(1, clampedMicros(since));
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(Rows.alert(rs, GeoPackageStore::micros));
                }
            }
            c.rollback();
            return alerts;
        } catch (SQLException | RuntimeException e) {
            throw failure("loadAlerts", "since " + since, e);
        }
    }

    @Override
    public long maxAlertId() {
        return inTransaction("maxAlertId", "", () -> {
            try (PreparedStatement ps = writer.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM alerts");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** True until closed: the file is local, so an open store stays writable (a full disk fails the write itself). */
    @Override
    public boolean isAvailable() {
        return !closed;
    }

    // ---------------------------------------------------------------- plumbing

    /** Work done on the writer connection inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} under the write lock in one transaction: commits on success, rolls back
     * and throws a {@link StoreException} naming {@code op} and {@code what} on failure.
     */
    private <T> T inTransaction(String op, String what, Work<T> work) {
        writeLock.lock();
        try {
            if (closed) {
                throw new StoreException(op + " failed: GeoPackage store " + file + " is closed");
            }
            try {
                T result = work.run();
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    writer.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw failure(op, what, e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private StoreException failure(String op, String what, Exception e) {
        if (e instanceof StoreException se) {
            return se;
        }
        String detail = what.isEmpty() ? "" : " (" + what + ")";
        return new StoreException(op + " failed" + detail + " on " + file + ": " + e.getMessage(), e);
    }

    /**
     * True for a duplicate key: the incident's primary key or, when the transition batch is
     * flushed before the incident batch reaches the duplicate, the unique (incident_id, seq).
     */
    private static boolean isDuplicateKey(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException se
                    && (se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || se.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                return true;
            }
            // sqlite-jdbc reports batch failures as a BatchUpdateException carrying only the text.
            String m = c instanceof SQLException ? c.getMessage() : null;
            if (m != null && (m.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || m.contains("SQLITE_CONSTRAINT_UNIQUE"))) {
                return true;
            }
        }
        return false;
    }

    private Connection openReader() throws SQLException {
        if (closed) {
            throw new StoreException("GeoPackage store " + file + " is closed");
        }
        Connection c = connect(file, fullSync, true);
        // One transaction so that both scans of forEachIncident see the same snapshot.
        c.setAutoCommit(false);
        return c;
    }

    private static Connection connect(Path file, boolean fullSync, boolean readOnly) throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
        cfg.setCacheSize(-CACHE_KIB);
        cfg.setEncoding(SQLiteConfig.Encoding.UTF8);
        if (readOnly) {
            cfg.setReadOnly(true);
        } else {
            cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
            cfg.setSynchronous(fullSync ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            cfg.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(WAL_AUTOCHECKPOINT_PAGES));
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file, cfg.toProperties());
    }

    /** Epoch microseconds of {@code t}, saturated at the long range (for open-ended query bounds). */
    private static long clampedMicros(Instant t) {
        try {
            return toMicros(t);
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * GeoPackage DATETIME text (clause 1.1.1.1.1), {@code YYYY-MM-DDTHH:MM:SS.SSSZ} in UTC, for
     * years 0000..9999 (others fall back to {@link Instant#toString()}). Hand-rolled because a
     * bulk load formats several million of them and {@code DateTimeFormatter} was a visible share
     * of the insert time.
     */
    static String datetime(Instant t) {
        long seconds = t.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400L);
        int secOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(day);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return t.toString();
        }
        char[] c = new char[24];
        put(c, 0, year, 4);
        c[4] = '-';
        put(c, 5, date.getMonthValue(), 2);
        c[7] = '-';
        put(c, 8, date.getDayOfMonth(), 2);
        c[10] = 'T';
        put(c, 11, secOfDay / 3600, 2);
        c[13] = ':';
        put(c, 14, secOfDay / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, secOfDay % 60, 2);
        c[19] = '.';
        put(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The instant in an epoch-microseconds column, null for NULL. */
    private static Instant micros(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : fromMicros(v);
    }

    static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("closing {} failed: {}", c, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.rollback();
                writer.close();
                LOG.info("closed GeoPackage store {}", file);
            } catch (SQLException e) {
                throw new StoreException("close failed on " + file + ": " + e.getMessage(), e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "GeoPackageStore[" + file + "]";
    }
}
