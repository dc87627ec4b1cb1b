package org.gridwatch.store.geopackage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.gpkg.GeoPackageCore;
import org.gridwatch.gpkg.GeoPackageRtree;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GridWatch GeoPackage schema: the tables GeoPackage 1.3 requires, one feature table per
 * admin level, {@code incidents}, the {@code incident_transitions} attributes table, the feature
 * tables {@code units}, {@code tracks} and {@code alerts}, {@code school_posts} and
 * {@code key_places} (all POINT), {@code gpkg_extensions} with the R-tree spatial indexes it
 * declares, and {@code gridwatch_schema} recording our own schema version, one row per version
 * applied.
 *
 * <h2>Versions</h2>
 * <ol>
 *   <li>areas, incidents, incident transitions;</li>
 *   <li>adds {@code units}, {@code tracks} and {@code alerts} (the live layer);</li>
 *   <li>adds {@code incident_transitions.unit_id};</li>
 *   <li>adds {@code school_posts} and {@code key_places};</li>
 *   <li>{@code auto_vacuum = INCREMENTAL}, so that track retention gives the pages of deleted
 *       positions back to the file system ({@code PRAGMA incremental_vacuum}): set before the
 *       first table of a new file, switched on with one {@code VACUUM} when an older file is
 *       migrated (which rewrites the file once, and takes a while for a large one);</li>
 *   <li>R-tree spatial indexes on the {@code geom} column of every feature table but
 *       {@code tracks} and {@code units} ({@link #spatialIndexes()} says why), as GDAL makes them (GeoPackage 1.3,
 *       Annex F.3: the {@code gpkg_rtree_index} extension, virtual tables
 *       {@code rtree_<table>_geom}, six triggers each), filled from the existing rows when an
 *       older file is migrated. The triggers call {@link GeoPackageFunctions}.</li>
 *   <li>accounts and the audit trail: {@code users}, {@code devices}, {@code api_keys},
 *       {@code audit_log} (append-only: a trigger refuses updates) and {@code audit_head} (the end
 *       of the hash chain), and {@code incident_transitions.actor_id}. These tables are not
 *       registered in {@code gpkg_contents}: they are not data for GIS clients.</li>
 *   <li>(8–11: sessions, report keys, journal checkpoints, the severity scale turned round)</li>
 *   <li>(12) the case actions: {@code incident_transitions.action}, {@code target}, {@code due_at}.</li>
 * </ol>
 * Creation is idempotent ({@code IF NOT EXISTS}, {@code INSERT OR IGNORE}) and runs in one
 * transaction, so migrating an older file forward is running it again: it adds the tables that
 * are missing and records the new version. Not thread-safe: called once, while opening, before
 * the store is shared.
 */
final class GeoPackageSchema {
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageSchema.class);

    /** {@code PRAGMA auto_vacuum} value of INCREMENTAL. */
    static final int AUTO_VACUUM_INCREMENTAL = 2;
    /** Version of the GridWatch tables in this file; bumped by every migration. */
    static final int SCHEMA_VERSION = 15;

    static final String INCIDENTS = "incidents";
    static final String TRANSITIONS = "incident_transitions";
    /**
     * The action of a step stored before steps had one (schema 12), as
     * {@link org.gridwatch.incident.Transition#implied} gives it; the same expression as the PostGIS migration V8.
     */
    static final String IMPLIED_ACTION = "CASE WHEN unit_id IS NOT NULL AND to_status = 'dispatched' THEN 'dispatch'"
            + " WHEN unit_id IS NOT NULL AND to_status = 'on_scene' THEN 'arrive'"
            + " WHEN to_status = 'merged' THEN 'merge' ELSE 'status' END";
    static final String UNITS = "units";
    static final String TRACKS = "tracks";
    static final String ALERTS = "alerts";
    static final String SCHOOL_POSTS = "school_posts";
    static final String KEY_PLACES = "key_places";
    static final String SCHEMA_TABLE = "gridwatch_schema";
    /**
     * Width of the time buckets leading the track index, microseconds (one minute). Queries must
     * use the same expression, {@code time_us / TRACK_INDEX_BUCKET_US}, for SQLite to use it.
     */
    static final long TRACK_INDEX_BUCKET_US = 60_000_000L;
    /** Name of the geometry column of every feature table. */
    static final String GEOMETRY_COLUMN = "geom";

    private GeoPackageSchema() {
    }

    /** The feature table holding areas of {@code level}. */
    static String areaTable(AdminLevel level) {
        return switch (level) {
            case CITY -> "areas_city";
            case COUNTY -> "areas_county";
            case TOWNSHIP -> "areas_township";
            case VILLAGE -> "areas_village";
            case GRID -> "grids";
        };
    }

    /**
     * Makes {@code c}'s database a GridWatch GeoPackage: creates what is missing in a new or
     * empty file, checks the version of an existing one.
     *
     * @throws StoreException if the file is another application's database, a GeoPackage not
     *                        written by GridWatch, or a newer GridWatch schema than this code knows
     */
    static void createOrVerify(Connection c, Path file) throws SQLException {
        int applicationId = pragmaInt(c, "application_id");
        boolean hasTables = exists(c, "SELECT 1 FROM sqlite_master WHERE type = 'table'");
        boolean ours = exists(c, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '" + SCHEMA_TABLE + "'");
        if (applicationId != 0 && applicationId != GeoPackageCore.APPLICATION_ID) {
            throw new StoreException(file + " is not a GeoPackage (application_id 0x"
                    + Integer.toHexString(applicationId) + ")");
        }
        if (hasTables && !ours) {
            throw new StoreException(file + " is not a GridWatch GeoPackage (no " + SCHEMA_TABLE + " table)");
        }
        int version = SCHEMA_VERSION;
        if (!hasTables) {
            // Before the first table. Opening in WAL mode has written the header already, so the
            // setting takes effect through VACUUM, which is instant on an empty file.
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("VACUUM");
            }
        }
        if (ours) {
            version = storedVersion(c, file);
            if (version > SCHEMA_VERSION) {
                throw new StoreException(file + " has GridWatch schema version " + version
                        + ", newer than the supported " + SCHEMA_VERSION + "; upgrade GridWatch");
            }
            if (version < SCHEMA_VERSION) {
                // Versions 2 and 4 added tables, which ddl() creates when missing; version 3 added
                // incident_transitions.unit_id, added below when missing; version 5 switches
                // auto_vacuum on, below, after the transaction; version 6 adds the R-trees, below,
                // filling those it creates; version 7 added the accounts and the audit trail and
                // incident_transitions.actor_id, version 8 the sessions, version 9 the reports
                // idempotency keys, version 10 the journal checkpoints (tables ddl() creates); version
                // 11 turned the severity scale round (below); version 12 added the case actions
                // (incident_transitions.action, target, due_at; below); version 13 added the school calendar and
                // the daily duty history (tables ddl() creates); version 14 added the daily
                // reports (a table ddl() creates); version 15 the coordinate system of each terminal
                // (devices.crs; below).
                LOG.info("migrating GeoPackage {} from GridWatch schema {} to {}", file, version, SCHEMA_VERSION);
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : ddl()) {
                s.execute(sql);
            }
            if (!exists(c, "SELECT 1 FROM pragma_table_info('" + TRANSITIONS + "') WHERE name = 'unit_id'")) {
                s.execute("ALTER TABLE " + TRANSITIONS + " ADD COLUMN unit_id TEXT");
            }
            if (!exists(c, "SELECT 1 FROM pragma_table_info('" + TRANSITIONS + "') WHERE name = 'actor_id'")) {
                s.execute("ALTER TABLE " + TRANSITIONS + " ADD COLUMN actor_id TEXT");
            }
            if (!exists(c, "SELECT 1 FROM pragma_table_info('" + TRANSITIONS + "') WHERE name = 'action'")) {
                // Version 12: what each step did. The steps stored before were status changes; those
                // naming a unit sent it (dispatched) or saw it arrive (on_scene).
                s.execute("ALTER TABLE " + TRANSITIONS + " ADD COLUMN action TEXT NOT NULL DEFAULT 'status'");
                s.execute("ALTER TABLE " + TRANSITIONS + " ADD COLUMN target TEXT");
                s.execute("ALTER TABLE " + TRANSITIONS + " ADD COLUMN due_at DATETIME");
                s.execute("ALTER TABLE " + TRANSITIONS + " ADD COLUMN due_at_us INTEGER");
                s.execute("UPDATE " + TRANSITIONS + " SET action = " + IMPLIED_ACTION);
            }
            if (!exists(c, "SELECT 1 FROM pragma_table_info('devices') WHERE name = 'crs'")) {
                // Version 15: the coordinate system each terminal reports in; the terminals registered
                // before report WGS84, as the server took them to.
                s.execute("ALTER TABLE devices ADD COLUMN crs TEXT NOT NULL DEFAULT 'wgs84'");
            }
            for (Map.Entry<String, String> t : spatialIndexes().entrySet()) {
                boolean had = exists(c, "SELECT 1 FROM sqlite_master WHERE name = '" + rtreeName(t.getKey()) + "'");
                for (String sql : GeoPackageRtree.ddl(t.getKey(), GEOMETRY_COLUMN, t.getValue())) {
                    s.execute(sql);
                }
                if (!had) {
                    // A migrated file: index the rows it has (a new file has none).
                    s.execute(GeoPackageRtree.fill(t.getKey(), GEOMETRY_COLUMN, t.getValue()));
                }
            }
            if (ours && version < 11) {
                // Version 11: severity is graded Ⅰ (most serious) to Ⅳ, as in the national emergency
                // plans; before, 1 was the least serious and 4 the most. Same transaction as the
                // version row, so it runs exactly once.
                s.execute("UPDATE incidents SET severity = 5 - severity");
            }
            for (String pragma : GeoPackageCore.headerPragmas()) {
                s.execute(pragma);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        if (version < 5 && pragmaInt(c, "auto_vacuum") != AUTO_VACUUM_INCREMENTAL) {
            long t0 = System.nanoTime();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                // VACUUM cannot run inside a transaction: c is in auto-commit mode here.
                s.execute("VACUUM");
            }
            LOG.info("GeoPackage {}: auto_vacuum switched to INCREMENTAL in {} ms", file,
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Every statement creating the schema, in dependency order. */
    static List<String> ddl() {
        List<String> sql = new ArrayList<>(GeoPackageCore.ddl());

        for (AdminLevel level : AdminLevel.values()) {
            String t = areaTable(level);
            // Every area table declares MULTIPOLYGON so that QGIS/GDAL see one layer type; the
            // store promotes polygons on write and unwraps one-part multipolygons on read.
            sql.add("""
                    CREATE TABLE IF NOT EXISTS %s (
                      fid INTEGER PRIMARY KEY AUTOINCREMENT,
                      geom MULTIPOLYGON NOT NULL,
                      code TEXT NOT NULL UNIQUE,
                      name TEXT NOT NULL,
                      parent_code TEXT,
                      population INTEGER NOT NULL,
                      households INTEGER NOT NULL,
                      area_sqm DOUBLE NOT NULL,
                      grid_worker TEXT,
                      demo BOOLEAN NOT NULL)""".formatted(t));
            sql.add(contentsRow(t, t, "GridWatch " + level.id() + " (" + level.label() + ")"));
            sql.add(geometryColumnRow(t, "MULTIPOLYGON"));
        }

        // GeoPackage integer types give GIS clients 32-bit fields where values are small
        // (TINYINT 8-bit, MEDIUMINT 32-bit; INTEGER is 64-bit).
        // Instants are stored twice: *_us (epoch microseconds, INTEGER) is authoritative and
        // indexed; the DATETIME text (ISO-8601 UTC, milliseconds) is what GIS clients show.
        sql.add("""
                CREATE TABLE IF NOT EXISTS incidents (
                  id INTEGER PRIMARY KEY,
                  geom POINT NOT NULL,
                  source TEXT NOT NULL,
                  external_id TEXT,
                  category TEXT NOT NULL,
                  severity TINYINT NOT NULL,
                  lon DOUBLE NOT NULL,
                  lat DOUBLE NOT NULL,
                  original_crs TEXT NOT NULL,
                  original_lon DOUBLE NOT NULL,
                  original_lat DOUBLE NOT NULL,
                  grid_code TEXT NOT NULL,
                  title TEXT NOT NULL,
                  description TEXT,
                  reported_at DATETIME NOT NULL,
                  reported_at_us INTEGER NOT NULL,
                  received_at DATETIME NOT NULL,
                  received_at_us INTEGER NOT NULL,
                  status TEXT NOT NULL,
                  rating TINYINT)""");
        sql.add("CREATE INDEX IF NOT EXISTS incidents_reported_at_idx ON incidents (reported_at_us)");
        sql.add(contentsRow(INCIDENTS, INCIDENTS, "GridWatch incidents (事件), WGS84"));
        sql.add(geometryColumnRow(INCIDENTS, "POINT"));

        // No AUTOINCREMENT (GeoPackage asks only for an INTEGER PRIMARY KEY): rows are never
        // deleted, so fids are not reused, and it saves a sqlite_sequence update per row.
        sql.add("""
                CREATE TABLE IF NOT EXISTS incident_transitions (
                  fid INTEGER PRIMARY KEY,
                  incident_id INTEGER NOT NULL,
                  seq MEDIUMINT NOT NULL,
                  from_status TEXT,
                  to_status TEXT NOT NULL,
                  actor TEXT NOT NULL,
                  at DATETIME NOT NULL,
                  at_us INTEGER NOT NULL,
                  note TEXT,
                  unit_id TEXT,
                  actor_id TEXT,
                  action TEXT NOT NULL,
                  target TEXT,
                  due_at DATETIME,
                  due_at_us INTEGER)""");
        // Serves lookups by incident, the "next seq" of an update and the ordered load pass.
        sql.add("CREATE UNIQUE INDEX IF NOT EXISTS incident_transitions_incident_idx"
                + " ON incident_transitions (incident_id, seq)");
        sql.add("""
                INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                VALUES ('incident_transitions', 'attributes', 'incident_transitions',
                        'Status history of every incident (事件流转), oldest first per incident', NULL)""");

        liveLayerDdl(sql);
        placesDdl(sql);
        accountsDdl(sql);

        sql.add("CREATE TABLE IF NOT EXISTS " + SCHEMA_TABLE
                + " (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
        // One row per version applied: a new file gets the current version only, a migrated one
        // keeps its history.
        sql.add("INSERT INTO " + SCHEMA_TABLE + " (version, applied_at) SELECT " + SCHEMA_VERSION
                + ", strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE NOT EXISTS (SELECT 1 FROM " + SCHEMA_TABLE
                + " WHERE version >= " + SCHEMA_VERSION + ")");
        return sql;
    }

    /**
     * Version 7: accounts and the audit trail (see the class comment). Lists (roles, jurisdiction)
     * are comma-separated text; secrets are stored only as hashes.
     */
    private static void accountsDdl(List<String> sql) {
        sql.add("""
                CREATE TABLE IF NOT EXISTS users (
                  login TEXT PRIMARY KEY,
                  display_name TEXT NOT NULL,
                  staff_no TEXT NOT NULL,
                  roles TEXT NOT NULL,
                  jurisdiction TEXT NOT NULL,
                  password_hash TEXT NOT NULL,
                  disabled BOOLEAN NOT NULL,
                  failed_logins INTEGER NOT NULL,
                  locked_until DATETIME,
                  locked_until_us INTEGER,
                  created_at DATETIME NOT NULL,
                  created_at_us INTEGER NOT NULL,
                  password_changed_at DATETIME NOT NULL,
                  password_changed_at_us INTEGER NOT NULL,
                  last_login_at DATETIME,
                  last_login_at_us INTEGER)""");
        sql.add("""
                CREATE TABLE IF NOT EXISTS devices (
                  id TEXT PRIMARY KEY,
                  unit_id TEXT NOT NULL,
                  terminal_id TEXT,
                  key_hash TEXT NOT NULL UNIQUE,
                  created_at DATETIME NOT NULL,
                  created_at_us INTEGER NOT NULL,
                  revoked_at DATETIME,
                  revoked_at_us INTEGER,
                  crs TEXT NOT NULL DEFAULT 'wgs84')""");
        sql.add("CREATE INDEX IF NOT EXISTS devices_unit_id_idx ON devices (unit_id)");
        sql.add("""
                CREATE TABLE IF NOT EXISTS api_keys (
                  id TEXT PRIMARY KEY,
                  name TEXT NOT NULL,
                  roles TEXT NOT NULL,
                  jurisdiction TEXT NOT NULL,
                  key_hash TEXT NOT NULL UNIQUE,
                  created_at DATETIME NOT NULL,
                  created_at_us INTEGER NOT NULL,
                  revoked_at DATETIME,
                  revoked_at_us INTEGER)""");
        sql.add("""
                CREATE TABLE IF NOT EXISTS audit_log (
                  seq INTEGER PRIMARY KEY,
                  at DATETIME NOT NULL,
                  at_us INTEGER NOT NULL,
                  actor_kind TEXT NOT NULL,
                  actor_id TEXT NOT NULL,
                  actor_name TEXT NOT NULL,
                  address TEXT NOT NULL,
                  user_agent TEXT NOT NULL,
                  action TEXT NOT NULL,
                  route TEXT NOT NULL,
                  target TEXT NOT NULL,
                  outcome INTEGER NOT NULL,
                  detail TEXT NOT NULL,
                  prev_hash TEXT NOT NULL,
                  hash TEXT NOT NULL)""");
        sql.add("CREATE INDEX IF NOT EXISTS audit_log_at_idx ON audit_log (at_us)");
        sql.add("CREATE INDEX IF NOT EXISTS audit_log_actor_idx ON audit_log (actor_id, seq)");
        sql.add("CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,"
                + " hash TEXT NOT NULL)");
        sql.add("INSERT OR IGNORE INTO audit_head VALUES (1, 0, '" + "0".repeat(64) + "')");
        sql.add("""
                CREATE TRIGGER IF NOT EXISTS audit_log_append_only BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END""");
        // Version 8: login sessions (hashes of their tokens), so that they outlive a restart.
        sql.add("""
                CREATE TABLE IF NOT EXISTS sessions (
                  id TEXT PRIMARY KEY,
                  login TEXT NOT NULL,
                  cookie BOOLEAN NOT NULL,
                  created_at DATETIME NOT NULL,
                  created_at_us INTEGER NOT NULL,
                  ends_at DATETIME NOT NULL,
                  ends_at_us INTEGER NOT NULL,
                  access_hash TEXT NOT NULL UNIQUE,
                  access_expires DATETIME NOT NULL,
                  access_expires_us INTEGER NOT NULL,
                  refresh_hash TEXT UNIQUE,
                  csrf_hash TEXT,
                  last_seen DATETIME NOT NULL,
                  last_seen_us INTEGER NOT NULL)""");
        sql.add("CREATE INDEX IF NOT EXISTS sessions_login_idx ON sessions (login)");
        // Version 9: the idempotency keys of reports (Idempotency-Key), stored with their incident.
        sql.add("""
                CREATE TABLE IF NOT EXISTS incident_keys (
                  key_hash TEXT PRIMARY KEY,
                  incident_id INTEGER NOT NULL,
                  created_at DATETIME NOT NULL,
                  created_at_us INTEGER NOT NULL)""");
        // Version 10: how far each position journal is written into the tracks (JournalCheckpoints).
        sql.add("CREATE TABLE IF NOT EXISTS journal_checkpoints (journal TEXT PRIMARY KEY, seq INTEGER NOT NULL)");
        // Version 13: the imported school calendar and the daily duty history (as PostGIS's V9; a
        // DATE is its ISO text YYYY-MM-DD). Not in gpkg_contents: not data for GIS clients.
        sql.add("""
                CREATE TABLE IF NOT EXISTS school_calendar (
                  seq INTEGER PRIMARY KEY,
                  entry TEXT NOT NULL CHECK (entry IN ('calendar', 'holiday', 'workday', 'break')),
                  name TEXT NOT NULL,
                  first_day DATE NOT NULL,
                  last_day DATE NOT NULL,
                  detail TEXT NOT NULL,
                  schools TEXT NOT NULL,
                  CHECK (last_day >= first_day))""");
        sql.add("""
                CREATE TABLE IF NOT EXISTS daily_history (
                  day DATE NOT NULL,
                  area_code TEXT NOT NULL,
                  level TEXT NOT NULL,
                  windows_decided INTEGER NOT NULL,
                  windows_on_time INTEGER NOT NULL,
                  windows_late INTEGER NOT NULL,
                  windows_understaffed INTEGER NOT NULL,
                  windows_missed INTEGER NOT NULL,
                  slots INTEGER NOT NULL,
                  slots_seen INTEGER NOT NULL,
                  grids INTEGER NOT NULL,
                  grids_visited INTEGER NOT NULL,
                  complete BOOLEAN NOT NULL,
                  updated_at DATETIME NOT NULL,
                  updated_at_us INTEGER NOT NULL,
                  PRIMARY KEY (day, area_code))""");
        sql.add("CREATE INDEX IF NOT EXISTS daily_history_area_day_idx ON daily_history (area_code, day)");
        // Version 14: the daily reports (日报), one per local day and area; the day is ISO text. Not
        // in gpkg_contents: not data for GIS clients.
        sql.add("""
                CREATE TABLE IF NOT EXISTS daily_reports (
                  report_date TEXT NOT NULL,
                  area_code TEXT NOT NULL,
                  generated_at DATETIME NOT NULL,
                  generated_at_us INTEGER NOT NULL,
                  generated_by TEXT NOT NULL,
                  body TEXT NOT NULL,
                  PRIMARY KEY (report_date, area_code))""");
    }

    /**
     * Version 2: units, tracks, alerts. Optional measurements (speed, heading, accuracy) are NULL
     * when unknown (NaN in Java; SQLite would turn a NaN into NULL anyway).
     */
    private static void liveLayerDdl(List<String> sql) {
        // The roster with status and last position; geom is the last position, NULL until the
        // first report, so GIS users see where every unit was last.
        sql.add("""
                CREATE TABLE IF NOT EXISTS units (
                  fid INTEGER PRIMARY KEY,
                  geom POINT,
                  id TEXT NOT NULL UNIQUE,
                  call_sign TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  agency TEXT NOT NULL,
                  home_county_code TEXT NOT NULL,
                  home_township_code TEXT NOT NULL,
                  demo BOOLEAN NOT NULL,
                  status TEXT NOT NULL,
                  last_lon DOUBLE,
                  last_lat DOUBLE,
                  last_time DATETIME,
                  last_time_us INTEGER,
                  last_speed DOUBLE,
                  last_heading DOUBLE,
                  last_accuracy DOUBLE)""");
        sql.add(contentsRow(UNITS, UNITS, "GridWatch patrol units (巡防力量) at their last position, WGS84"));
        sql.add(geometryColumnRow(UNITS, "POINT"));

        // Append-only; no unique key on (unit_id, time_us): duplicates are dropped upstream, and a
        // resent point must not fail the batch it came in.
        sql.add("""
                CREATE TABLE IF NOT EXISTS tracks (
                  fid INTEGER PRIMARY KEY,
                  geom POINT NOT NULL,
                  unit_id TEXT NOT NULL,
                  time DATETIME NOT NULL,
                  time_us INTEGER NOT NULL,
                  lon DOUBLE NOT NULL,
                  lat DOUBLE NOT NULL,
                  speed DOUBLE,
                  heading DOUBLE,
                  accuracy DOUBLE)""");
        // Serves track replay (one unit, a window): one seek per minute of the window. Not a plain
        // (unit_id, time_us): a batch holds one point of each of thousands of units, and such an
        // index takes each of them to its own leaf page, so every commit rewrote thousands of
        // pages and ingest fell to about half of its target once the table held a few million
        // rows. Led by the minute, the pages a batch touches are those of the current minute,
        // which stay few and cached.
        sql.add("CREATE INDEX IF NOT EXISTS tracks_minute_unit_time_idx ON tracks (time_us / "
                + TRACK_INDEX_BUCKET_US + ", unit_id, time_us)");
        // Serves "who passed here" (a window, all units; the box is filtered on the rows) and the
        // time range of the table.
        sql.add("CREATE INDEX IF NOT EXISTS tracks_time_idx ON tracks (time_us)");
        sql.add(contentsRow(TRACKS, TRACKS, "GridWatch patrol tracks (轨迹): one point per position report, WGS84"));
        sql.add(geometryColumnRow(TRACKS, "POINT"));

        sql.add("""
                CREATE TABLE IF NOT EXISTS alerts (
                  id INTEGER PRIMARY KEY,
                  geom POINT,
                  kind TEXT NOT NULL,
                  severity TEXT NOT NULL,
                  title TEXT NOT NULL,
                  detail TEXT,
                  area_code TEXT,
                  lon DOUBLE,
                  lat DOUBLE,
                  raised_at DATETIME NOT NULL,
                  raised_at_us INTEGER NOT NULL,
                  acked_at DATETIME,
                  acked_at_us INTEGER,
                  acked_by TEXT)""");
        sql.add("CREATE INDEX IF NOT EXISTS alerts_raised_at_idx ON alerts (raised_at_us)");
        sql.add(contentsRow(ALERTS, ALERTS, "GridWatch alerts (告警); geometry NULL when an alert has no place"));
        sql.add(geometryColumnRow(ALERTS, "POINT"));
    }

    /**
     * Version 4: school-guard posts and key places, the columns of their PostGIS tables plus
     * {@code lon}/{@code lat} (authoritative, geom is derived from them for GIS clients). Time
     * windows are text, e.g. {@code "07:10-07:50,11:20-11:50"} (see
     * {@link org.gridwatch.post.ClockWindow}).
     */
    private static void placesDdl(List<String> sql) {
        sql.add("""
                CREATE TABLE IF NOT EXISTS school_posts (
                  fid INTEGER PRIMARY KEY,
                  geom POINT NOT NULL,
                  id TEXT NOT NULL UNIQUE,
                  name TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  lon DOUBLE NOT NULL,
                  lat DOUBLE NOT NULL,
                  radius_m DOUBLE NOT NULL,
                  duty_windows TEXT NOT NULL,
                  required_staff MEDIUMINT NOT NULL,
                  grid_code TEXT NOT NULL,
                  county_code TEXT NOT NULL,
                  demo BOOLEAN NOT NULL)""");
        sql.add(contentsRow(SCHOOL_POSTS, SCHOOL_POSTS,
                "GridWatch school-guard posts (护学岗) at the gate, WGS84"));
        sql.add(geometryColumnRow(SCHOOL_POSTS, "POINT"));
        sql.add("""
                CREATE TABLE IF NOT EXISTS key_places (
                  fid INTEGER PRIMARY KEY,
                  geom POINT NOT NULL,
                  id TEXT NOT NULL UNIQUE,
                  name TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  lon DOUBLE NOT NULL,
                  lat DOUBLE NOT NULL,
                  key_periods TEXT NOT NULL,
                  patrol_interval_min MEDIUMINT NOT NULL,
                  grid_code TEXT NOT NULL,
                  county_code TEXT NOT NULL,
                  demo BOOLEAN NOT NULL)""");
        sql.add(contentsRow(KEY_PLACES, KEY_PLACES, "GridWatch key places (重点部位), WGS84"));
        sql.add(geometryColumnRow(KEY_PLACES, "POINT"));
    }

    /** Every feature table with its integer primary key (the id of its R-tree entries), in creation order. */
    static Map<String, String> featureTables() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (AdminLevel level : AdminLevel.values()) {
            tables.put(areaTable(level), "fid");
        }
        tables.put(INCIDENTS, "id");
        tables.put(UNITS, "fid");
        tables.put(TRACKS, "fid");
        tables.put(ALERTS, "id");
        tables.put(SCHOOL_POSTS, "fid");
        tables.put(KEY_PLACES, "fid");
        return tables;
    }

    private static String contentsRow(String table, String identifier, String description) {
        return GeoPackageCore.contentsRow(table, identifier, description);
    }

    private static String geometryColumnRow(String table, String type) {
        return GeoPackageCore.geometryColumnRow(table, GEOMETRY_COLUMN, type);
    }

    /**
     * The feature tables that get an R-tree: all but {@code tracks} and {@code units}, the two
     * that every position batch writes. Measured at the store (GeoPackage, batches of 1,000
     * positions of distinct units, one commit each, 2-vCPU VM): about 65,000 positions/s without
     * either; an R-tree on units (whose last positions every batch moves) halves that, to about
     * 28,000/s, and one on tracks as well cuts it to about 14,000/s, since SQLite's R*-tree costs
     * some 11 µs per entry written, more than the row itself. That is far beyond what filtering
     * these two layers by extent is worth: units is one row per unit (a GIS client scans it in
     * milliseconds), and tracks is read by time (replay, "who passed here"). A user may still add
     * either with GDAL ({@code SELECT CreateSpatialIndex('tracks', 'geom')}): the store's SQL
     * functions keep it right, and "who passed here" uses an R-tree on tracks.
     */
    static Map<String, String> spatialIndexes() {
        Map<String, String> tables = featureTables();
        tables.remove(TRACKS);
        tables.remove(UNITS);
        return tables;
    }

    /** {@code rtree_<table>_geom}. */
    static String rtreeName(String table) {
        return GeoPackageRtree.name(table, GEOMETRY_COLUMN);
    }

    private static int storedVersion(Connection c, Path file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM " + SCHEMA_TABLE);
             ResultSet rs = ps.executeQuery()) {
            int v = rs.next() ? rs.getInt(1) : 0;
            if (v <= 0) {
                throw new StoreException(file + " has an empty " + SCHEMA_TABLE + " table");
            }
            return v;
        }
    }

    private static int pragmaInt(Connection c, String pragma) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }
}
