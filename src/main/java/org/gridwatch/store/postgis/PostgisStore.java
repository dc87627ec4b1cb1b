package org.gridwatch.store.postgis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Store}: PostgreSQL with PostGIS, through JDBC and a HikariCP pool.
 *
 * <h2>Layout</h2>
 * One schema ({@code store.schema}) created and migrated by Flyway from
 * {@code src/main/resources/db/migration}: {@code admin_areas} and {@code grids}
 * ({@code MULTIPOLYGON}), {@code incidents} and {@code incident_transitions}, {@code units}
 * (the roster with the last position), {@code tracks} (partitioned by UTC day into
 * {@code tracks_pYYYYMMDD}, created on demand), {@code school_posts}, {@code key_places},
 * {@code alerts}; GiST indexes on every geometry, B-tree indexes on the times. All geometries are
 * WGS84 lon/lat, SRID 4326; point geometries are generated from their lon/lat columns, except
 * those of {@code school_posts} and {@code key_places}, which have no lon/lat columns (their
 * coordinates are read back with {@code ST_X}/{@code ST_Y}, exactly; time windows are text
 * {@code "07:10-07:50,11:20-11:50"}). Opening
 * checks PostgreSQL and PostGIS versions, migrates an empty or older schema, and refuses a schema
 * migrated by a newer GridWatch ({@link PostgisSchema}).
 *
 * <h2>Round-trip fidelity</h2>
 * Instants are {@code timestamptz}, truncated (not rounded) to the microsecond before they are
 * sent; query bounds outside years 0001–9999 are clamped. Doubles are sent and read in binary, so
 * they round-trip exactly; unknown speed, heading and accuracy are NULL and read back as NaN.
 * Polygons are stored as MultiPolygons and a one-part MultiPolygon reads back as a Polygon.
 *
 * <h2>Durability</h2>
 * Every write is one transaction committed with PostgreSQL's default {@code synchronous_commit=on}:
 * when a method returns, the commit record is flushed to the server's WAL, so the write survives a
 * crash of GridWatch, of PostgreSQL or of the machine. Position tracks are written with
 * {@code COPY} inside the same transaction as the units' last positions.
 *
 * <h2>Failures</h2>
 * While the database cannot be reached, every method fails with a {@link StoreException} and
 * changes nothing: the first within about {@link #CONNECTION_TIMEOUT_MS}, the following ones at
 * once for {@link #FAIL_FAST_NANOS} (so that a queue of writes turns into prompt failures, not a
 * queue of timeouts), then one tries again. The pool reconnects by itself once the database is
 * back, no restart needed. {@link #isAvailable()} probes it (and ends the fail-fast period early).
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. Writes are serialised by one lock (as in every {@link Store}), each on a pooled
 * connection in its own transaction; reads run concurrently on other pooled connections, each in
 * one consistent snapshot.
 */
public final class PostgisStore implements Store {
    private static final Logger LOG = LoggerFactory.getLogger(PostgisStore.class);

    /** How long a call waits for a pooled connection (database down: how soon it fails), ms. */
    static final long CONNECTION_TIMEOUT_MS = 3_000;
    /**
     * After a failure to reach the database, calls fail at once for this long (then one tries
     * again), nanoseconds.
     */
    static final long FAIL_FAST_NANOS = 1_000_000_000L;
    /** Pooled connections: one writer, the rest for concurrent reads and probes. */
    private static final int POOL_SIZE = 8;
    /** Rows per JDBC batch in bulk inserts (sent rewritten as multi-row INSERTs). */
    private static final int BATCH_SIZE = 1_000;
    /** Rows fetched per round trip when streaming incidents. */
    private static final int FETCH_SIZE = 2_000;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** SQLSTATE of a unique or primary key violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String INCIDENT_COLUMNS = "source, external_id, category, severity, lon, lat, original_crs,"
            + " original_lon, original_lat, grid_code, title, description, reported_at, received_at, status, rating";
    private static final String INSERT_INCIDENT = "INSERT INTO incidents (id, " + INCIDENT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_INCIDENT = """
            UPDATE incidents SET source = ?, external_id = ?, category = ?, severity = ?, lon = ?, lat = ?,
              original_crs = ?, original_lon = ?, original_lat = ?, grid_code = ?, title = ?, description = ?,
              reported_at = ?, received_at = ?, status = ?, rating = ?
            WHERE id = ?""";
    private static final String INSERT_TRANSITION = """
            INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, note, unit_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String APPEND_TRANSITION = """
            INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, note, unit_id)
            VALUES (?, (SELECT COALESCE(MAX(seq) + 1, 0) FROM incident_transitions WHERE incident_id = ?),
                    ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_INCIDENTS = "SELECT id, " + INCIDENT_COLUMNS + " FROM incidents ORDER BY id";
    private static final String SELECT_TRANSITIONS = """
            SELECT incident_id, from_status, to_status, actor, at, note, unit_id
            FROM incident_transitions ORDER BY incident_id, seq""";
    private static final String SELECT_UNITS = """
            SELECT id, call_sign, kind, agency, home_county_code, home_township_code, demo, status,
              last_lon, last_lat, last_time, last_speed, last_heading, last_accuracy
            FROM units ORDER BY id""";
    private static final String UPSERT_UNIT = """
            INSERT INTO units (id, call_sign, kind, agency, home_county_code, home_township_code, demo, status,
              last_lon, last_lat, last_time, last_speed, last_heading, last_accuracy)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET call_sign = excluded.call_sign, kind = excluded.kind,
              agency = excluded.agency, home_county_code = excluded.home_county_code,
              home_township_code = excluded.home_township_code, demo = excluded.demo, status = excluded.status,
              last_lon = excluded.last_lon, last_lat = excluded.last_lat, last_time = excluded.last_time,
              last_speed = excluded.last_speed, last_heading = excluded.last_heading,
              last_accuracy = excluded.last_accuracy""";
    /** Moves a unit's last position forward in time only (equal times: the later write wins). */
    private static final String UPDATE_LAST_POSITION = """
            UPDATE units SET last_lon = ?, last_lat = ?, last_time = ?, last_speed = ?, last_heading = ?,
              last_accuracy = ?
            WHERE id = ? AND (last_time IS NULL OR last_time <= ?)""";
    private static final String COPY_TRACKS =
            "COPY tracks (unit_id, time, lon, lat, speed, heading, accuracy) FROM STDIN";
    private static final String SELECT_TRACK = """
            SELECT lon, lat, time, speed, heading, accuracy FROM tracks
            WHERE unit_id = ? AND time >= ? AND time < ? ORDER BY time, seq""";
    /** The GiST index finds candidates (its boxes are float4, rounded outwards); lon/lat make the box test exact. */
    private static final String SELECT_UNITS_PASSED = """
            SELECT DISTINCT unit_id FROM tracks
            WHERE time >= ? AND time < ? AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)
              AND lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?
            ORDER BY unit_id""";
    private static final String INSERT_ALERT = """
            INSERT INTO alerts (id, kind, severity, title, detail, area_code, lon, lat, raised_at, acked_at, acked_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_ALERTS = """
            SELECT id, kind, severity, title, detail, area_code, lon, lat, raised_at, acked_at, acked_by
            FROM alerts WHERE raised_at >= ? ORDER BY id""";

    private static final String SELECT_SCHOOL_POSTS = """
            SELECT id, name, kind, ST_X(geom), ST_Y(geom), radius_m, duty_windows, required_staff, grid_code,
              county_code, demo
            FROM school_posts ORDER BY id""";
    /** Parameters in the order of {@link Rows#bindSchoolPost}. */
    private static final String INSERT_SCHOOL_POST = """
            INSERT INTO school_posts (id, name, kind, geom, radius_m, duty_windows, required_staff, grid_code,
              county_code, demo)
            VALUES (?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_KEY_PLACES = """
            SELECT id, name, kind, ST_X(geom), ST_Y(geom), key_periods, patrol_interval_min, grid_code, county_code,
              demo
            FROM key_places ORDER BY id""";
    /** Parameters in the order of {@link Rows#bindKeyPlace}. */
    private static final String INSERT_KEY_PLACE = """
            INSERT INTO key_places (id, name, kind, geom, key_periods, patrol_interval_min, grid_code, county_code,
              demo)
            VALUES (?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?)""";

    private final HikariDataSource pool;
    private final String schema;
    private final String where;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Names of the track partitions known to exist. */
    private final Set<String> partitions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** {@link System#nanoTime()} of the last failure to reach the database; 0 while it answers. */
    private volatile long unreachableSince;

    private PostgisStore(HikariDataSource pool, String schema, String where) {
        this.pool = pool;
        this.schema = schema;
        this.where = where;
    }

    /**
     * Connects to the database at {@code url}, checks PostgreSQL and PostGIS, and creates or
     * migrates the GridWatch schema {@code schema} in it.
     *
     * @param url      JDBC URL, {@code jdbc:postgresql://host:port/database}
     * @param user     database user
     * @param password its password; empty for none (trust, peer or a password file)
     * @param schema   schema holding GridWatch's tables, lower-case letters, digits and {@code _}
     * @throws StoreException if the database cannot be reached, PostgreSQL or PostGIS is missing
     *                        or too old, or the schema was migrated by a newer GridWatch; the
     *                        message says which and what to do
     */
    public static PostgisStore open(String url, String user, String password, String schema) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(schema, "schema");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StoreException("store.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + describe(url));
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new StoreException("store.schema \"" + schema
                    + "\" must be lower-case letters, digits and _ (not starting with a digit), at most 63");
        }
        String where = describe(url);
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("gridwatch-" + schema);
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password == null || password.isEmpty() ? null : password);
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(POOL_SIZE);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        cfg.setValidationTimeout(1_000);
        // Our schema first for our tables, then public where PostGIS usually lives. Set at connection
        // start-up (not as init SQL, which a later rollback would undo with autocommit off).
        cfg.addDataSourceProperty("options", "-c search_path=" + schema + ",public");
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        cfg.addDataSourceProperty("tcpKeepAlive", "true");
        cfg.addDataSourceProperty("connectTimeout", "5");
        // A database that stops answering (network cut) fails the call instead of hanging the writer.
        cfg.addDataSourceProperty("socketTimeout", "120");
        cfg.addDataSourceProperty("ApplicationName", "GridWatch");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StoreException("cannot connect to PostgreSQL at " + where + " as user " + user + ": "
                    + root.getMessage(), e);
        }
        try {
            String version = PostgisSchema.migrate(pool, schema, where);
            PostgisStore store = new PostgisStore(pool, schema, where);
            LOG.info("opened PostGIS store {} schema {} (version {})", where, schema, version);
            return store;
        } catch (RuntimeException e) {
            pool.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open the PostGIS store at " + where + ": " + e.getMessage(), e);
        }
    }

    /** The URL without its query string (which may hold a password), for messages. */
    static String describe(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** The schema holding the tables. */
    public String schema() {
        return schema;
    }

    /**
     * True when a connection can be had and answers within about a second (or
     * {@link #CONNECTION_TIMEOUT_MS} when the pool has none left). Never throws.
     */
    @Override
    public boolean isAvailable() {
        if (closed) {
            return false;
        }
        try (Connection c = pool.getConnection()) {
            boolean valid = c.isValid(1);
            reachable(valid);
            return valid;
        } catch (SQLException | RuntimeException e) {
            reachable(false);
            return false;
        }
    }

    private void reachable(boolean yes) {
        unreachableSince = yes ? 0 : Math.max(1, System.nanoTime());
    }

    /** True for a failure to reach the database (as opposed to a failing statement). */
    static boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException se && se.getSQLState() != null
                    && (se.getSQLState().startsWith("08") || se.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- areas

    @Override
    public List<AdminArea> loadAreas() {
        return read("loadAreas", "", c -> {
            List<AdminArea> areas = new ArrayList<>();
            WKBReader wkb = new WKBReader(Geo.FACTORY);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT code, name, level, parent_code, ST_AsBinary(geom), population,"
                         + " households, area_sqm, NULL, demo FROM admin_areas ORDER BY code")) {
                while (rs.next()) {
                    areas.add(readArea(rs, Rows.parse(rs.getString(3), AdminLevel::parse, "level"), wkb));
                }
            }
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT code, name, 'grid', parent_code, ST_AsBinary(geom), population,"
                         + " households, area_sqm, grid_worker, demo FROM grids ORDER BY code")) {
                while (rs.next()) {
                    areas.add(readArea(rs, AdminLevel.GRID, wkb));
                }
            }
            return areas;
        });
    }

    private static AdminArea readArea(ResultSet rs, AdminLevel level, WKBReader wkb) throws SQLException {
        String code = rs.getString(1);
        try {
            Geometry g = wkb.read(rs.getBytes(5));
            if (g instanceof MultiPolygon mp && mp.getNumGeometries() == 1) {
                g = mp.getGeometryN(0);
            }
            g.setSRID(Geo.SRID);
            return new AdminArea(code, rs.getString(2), level, rs.getString(4), g, rs.getLong(6), rs.getLong(7),
                    rs.getDouble(8), rs.getString(9), rs.getBoolean(10));
        } catch (ParseException | IllegalArgumentException e) {
            throw new SQLException("unreadable area " + code + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void replaceAreas(List<AdminArea> areas) {
        Objects.requireNonNull(areas, "areas");
        write("replaceAreas", areas.size() + " areas", c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM grids");
                st.executeUpdate("DELETE FROM admin_areas");
            }
            WKBWriter wkb = new WKBWriter(2);
            try (PreparedStatement admin = c.prepareStatement("INSERT INTO admin_areas (code, level, name, parent_code,"
                    + " population, households, area_sqm, demo, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                    + " ST_GeomFromWKB(?, 4326))");
                 PreparedStatement grid = c.prepareStatement("INSERT INTO grids (code, grid_worker, name, parent_code,"
                         + " population, households, area_sqm, demo, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                         + " ST_GeomFromWKB(?, 4326))")) {
                int pendingAdmin = 0;
                int pendingGrid = 0;
                for (AdminArea a : areas) {
                    boolean isGrid = a.level() == AdminLevel.GRID;
                    PreparedStatement ps = isGrid ? grid : admin;
                    ps.setString(1, a.code());
                    ps.setString(2, isGrid ? a.gridWorker() : a.level().id());
                    ps.setString(3, a.name());
                    ps.setString(4, a.parentCode());
                    ps.setLong(5, a.population());
                    ps.setLong(6, a.households());
                    ps.setDouble(7, a.areaSqm());
                    ps.setBoolean(8, a.demo());
                    ps.setBytes(9, wkb.write(Rows.asMultiPolygon(a)));
                    ps.addBatch();
                    if (isGrid && ++pendingGrid >= BATCH_SIZE) {
                        grid.executeBatch();
                        pendingGrid = 0;
                    } else if (!isGrid && ++pendingAdmin >= BATCH_SIZE) {
                        admin.executeBatch();
                        pendingAdmin = 0;
                    }
                }
                admin.executeBatch();
                grid.executeBatch();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- posts and key places

    @Override
    public List<SchoolPost> loadSchoolPosts() {
        return read("loadSchoolPosts", "", c -> readAll(c, SELECT_SCHOOL_POSTS, Rows::schoolPost));
    }

    @Override
    public List<KeyPlace> loadKeyPlaces() {
        return read("loadKeyPlaces", "", c -> readAll(c, SELECT_KEY_PLACES, Rows::keyPlace));
    }

    @Override
    public void upsertPlaces(List<SchoolPost> posts, List<KeyPlace> keyPlaces) {
        if (!Rows.checkPlaces(posts, keyPlaces)) {
            return;
        }
        write("upsertPlaces", posts.size() + " posts, " + keyPlaces.size() + " key places", c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM school_posts WHERE id = ANY (?)");
                 PreparedStatement insert = c.prepareStatement(INSERT_SCHOOL_POST)) {
                delete.setArray(1, c.createArrayOf("text", posts.stream().map(SchoolPost::id).toArray()));
                delete.executeUpdate();
                Rows.batch(insert, posts, BATCH_SIZE, (ps, p) -> Rows.bindSchoolPost(ps, 1, p));
            }
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM key_places WHERE id = ANY (?)");
                 PreparedStatement insert = c.prepareStatement(INSERT_KEY_PLACE)) {
                delete.setArray(1, c.createArrayOf("text", keyPlaces.stream().map(KeyPlace::id).toArray()));
                delete.executeUpdate();
                Rows.batch(insert, keyPlaces, BATCH_SIZE, (ps, k) -> Rows.bindKeyPlace(ps, 1, k));
            }
            return null;
        });
    }

    private static <T> List<T> readAll(Connection c, String sql, Rows.RowReader<T> reader) throws SQLException {
        List<T> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- incidents

    @Override
    public long maxIncidentId() {
        return read("maxIncidentId", "", c -> scalarLong(c, "SELECT COALESCE(MAX(id), 0) FROM incidents"));
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
        Set<Long> seen = new HashSet<>();
        for (Incident i : incidents) {
            if (!seen.add(i.id())) {
                throw new StoreException(op + " failed (" + what + "): id " + i.id()
                        + " appears twice in the batch; nothing was stored");
            }
        }
        try {
            write(op, what, c -> {
                try (PreparedStatement inc = c.prepareStatement(INSERT_INCIDENT);
                     PreparedStatement tr = c.prepareStatement(INSERT_TRANSITION)) {
                    int pendingIncidents = 0;
                    int pendingTransitions = 0;
                    for (Incident i : incidents) {
                        inc.setLong(1, i.id());
                        bindIncident(inc, 2, i);
                        inc.addBatch();
                        List<Transition> h = i.history();
                        for (int seq = 0; seq < h.size(); seq++) {
                            tr.setLong(1, i.id());
                            tr.setInt(2, seq);
                            bindTransition(tr, 3, h.get(seq));
                            tr.addBatch();
                            pendingTransitions++;
                        }
                        if (++pendingIncidents >= BATCH_SIZE) {
                            inc.executeBatch();
                            pendingIncidents = 0;
                        }
                        // Incidents first: the transitions reference them.
                        if (pendingTransitions >= BATCH_SIZE && pendingIncidents == 0) {
                            tr.executeBatch();
                            pendingTransitions = 0;
                        }
                    }
                    inc.executeBatch();
                    tr.executeBatch();
                }
                return null;
            });
        } catch (StoreException e) {
            if (isUniqueViolation(e.getCause())) {
                throw new StoreException(op + " failed (" + what + "): " + describeConflict(incidents)
                        + "; nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    /** Names the first id of {@code incidents} stored already (the batch was rolled back). */
    private String describeConflict(List<Incident> incidents) {
        try {
            return read("insertIncidents", "", c -> {
                Long[] ids = incidents.stream().map(Incident::id).toArray(Long[]::new);
                Set<Long> existing = new HashSet<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM incidents WHERE id = ANY (?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", ids));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            existing.add(rs.getLong(1));
                        }
                    }
                }
                for (Incident i : incidents) {
                    if (existing.contains(i.id())) {
                        return "incident id " + i.id() + " exists already";
                    }
                }
                return "duplicate incident id";
            });
        } catch (StoreException e) {
            return "duplicate incident id";
        }
    }

    @Override
    public void updateIncident(Incident updated, Transition transition) {
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(transition, "transition");
        write("updateIncident", "id " + updated.id(), c -> {
            try (PreparedStatement up = c.prepareStatement(UPDATE_INCIDENT);
                 PreparedStatement tr = c.prepareStatement(APPEND_TRANSITION)) {
                int p = bindIncident(up, 1, updated);
                up.setLong(p, updated.id());
                if (up.executeUpdate() != 1) {
                    throw new StoreException(FailureKind.NOT_FOUND, "updateIncident failed (id " + updated.id()
                            + "): no such incident; nothing was changed", null);
                }
                tr.setLong(1, updated.id());
                tr.setLong(2, updated.id());
                bindTransition(tr, 3, transition);
                tr.executeUpdate();
            }
            return null;
        });
    }

    /** Binds the incident columns (all but id) from parameter {@code p}; returns the next parameter index. */
    private static int bindIncident(PreparedStatement ps, int p, Incident i) throws SQLException {
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
        setTime(ps, p++, i.reportedAt());
        setTime(ps, p++, i.receivedAt());
        ps.setString(p++, i.status().id());
        if (i.rating() == null) {
            ps.setNull(p++, Types.INTEGER);
        } else {
            ps.setInt(p++, i.rating());
        }
        return p;
    }

    /** Binds from_status, to_status, actor, at, note, unit_id from parameter {@code p}. */
    private static void bindTransition(PreparedStatement ps, int p, Transition t) throws SQLException {
        ps.setString(p, t.from() == null ? null : t.from().id());
        ps.setString(p + 1, t.to().id());
        ps.setString(p + 2, t.actor());
        setTime(ps, p + 3, t.at());
        ps.setString(p + 4, t.note());
        ps.setString(p + 5, t.unitId());
    }

    /**
     * Streams every incident in id order: two ordered cursors (incidents by id, transitions by
     * incident and seq) in one snapshot, merged like a sort-merge join, so memory stays at one
     * fetch of each. Transitions whose incident is missing are skipped with a warning.
     *
     * <p>An exception thrown by {@code sink} is not wrapped: it ends the scan and propagates.
     */
    @Override
    public void forEachIncident(Consumer<Incident> sink) {
        Objects.requireNonNull(sink, "sink");
        long[] current = {0};
        read("forEachIncident", "", c -> {
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement pi = c.prepareStatement(SELECT_INCIDENTS);
                 PreparedStatement pt = c.prepareStatement(SELECT_TRANSITIONS)) {
                pi.setFetchSize(FETCH_SIZE);
                pt.setFetchSize(FETCH_SIZE * 4);
                // Binary results from the first execution: parsing a million full-precision
                // doubles and timestamps from text was most of the start-up time.
                pi.unwrap(PGStatement.class).setPrepareThreshold(-1);
                pt.unwrap(PGStatement.class).setPrepareThreshold(-1);
                try (ResultSet ri = pi.executeQuery(); ResultSet rt = pt.executeQuery()) {
                    boolean more = rt.next();
                    long orphans = 0;
                    while (ri.next()) {
                        current[0] = ri.getLong(1);
                        List<Transition> history = new ArrayList<>(4);
                        while (more) {
                            long owner = rt.getLong(1);
                            if (owner > current[0]) {
                                break;
                            }
                            if (owner == current[0]) {
                                history.add(Rows.transition(rt, owner, PostgisStore::getTime));
                            } else {
                                orphans++;
                            }
                            more = rt.next();
                        }
                        Incident incident;
                        try {
                            incident = Rows.incident(ri, history, PostgisStore::getTime);
                        } catch (RuntimeException e) {
                            throw new SQLException("unreadable incident row " + current[0] + ": " + e.getMessage(), e);
                        }
                        sink.accept(incident);
                    }
                    if (orphans > 0) {
                        LOG.warn("{}: skipped {} incident transitions whose incident does not exist", where, orphans);
                    }
                }
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- units

    @Override
    public List<UnitRecord> loadUnits() {
        return read("loadUnits", "", c -> {
            List<UnitRecord> units = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(SELECT_UNITS)) {
                while (rs.next()) {
                    units.add(Rows.unit(rs, PostgisStore::getTime));
                }
            }
            return units;
        });
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
        write("upsertUnits", units.size() + " units", c -> {
            try (PreparedStatement ps = c.prepareStatement(UPSERT_UNIT)) {
                int pending = 0;
                for (UnitRecord r : units) {
                    Unit u = r.unit();
                    ps.setString(1, u.id());
                    ps.setString(2, u.callSign());
                    ps.setString(3, u.kind().id());
                    ps.setString(4, u.agency());
                    ps.setString(5, u.homeCountyCode());
                    ps.setString(6, u.homeTownshipCode());
                    ps.setBoolean(7, u.demo());
                    ps.setString(8, r.status().id());
                    Position p = r.lastPosition();
                    if (p == null) {
                        ps.setNull(9, Types.DOUBLE);
                        ps.setNull(10, Types.DOUBLE);
                        ps.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
                        ps.setNull(12, Types.DOUBLE);
                        ps.setNull(13, Types.DOUBLE);
                        ps.setNull(14, Types.DOUBLE);
                    } else {
                        bindPosition(ps, 9, p);
                    }
                    ps.addBatch();
                    if (++pending >= BATCH_SIZE) {
                        ps.executeBatch();
                        pending = 0;
                    }
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Binds lon, lat, time, speed, heading, accuracy of {@code pos} from parameter {@code p}. */
    private static void bindPosition(PreparedStatement ps, int p, Position pos) throws SQLException {
        ps.setDouble(p, pos.lon());
        ps.setDouble(p + 1, pos.lat());
        setTime(ps, p + 2, pos.time());
        Rows.setDoubleOrNull(ps, p + 3, pos.speed());
        Rows.setDoubleOrNull(ps, p + 4, pos.heading());
        Rows.setDoubleOrNull(ps, p + 5, pos.accuracy());
    }

    // ---------------------------------------------------------------- positions and tracks

    /**
     * Appends in one transaction: checks that every unit is in the roster (nothing is written
     * otherwise), moves each unit's last position forward (units in id order, so concurrent
     * writers of other stores on the same database cannot deadlock), then streams the track rows
     * with {@code COPY}. Missing day partitions are created first, each in its own short
     * transaction (an empty partition left by a failed append is harmless).
     */
    @Override
    public void appendPositions(List<Position> positions) {
        Objects.requireNonNull(positions, "positions");
        if (positions.isEmpty()) {
            return;
        }
        Map<String, Position> latest = new TreeMap<>();
        Set<LocalDate> days = new TreeSet<>();
        for (Position p : positions) {
            latest.merge(p.unitId(), p, (old, neu) -> neu.time().compareTo(old.time()) >= 0 ? neu : old);
            days.add(LocalDate.ofInstant(p.time(), ZoneOffset.UTC));
        }
        write("appendPositions", positions.size() + " positions of " + latest.size() + " units", c -> {
            ensurePartitions(c, days);
            requireInRoster(c, positions, latest.keySet());
            try (PreparedStatement up = c.prepareStatement(UPDATE_LAST_POSITION)) {
                for (Position p : latest.values()) {
                    bindPosition(up, 1, p);
                    up.setString(7, p.unitId());
                    setTime(up, 8, p.time());
                    up.addBatch();
                }
                up.executeBatch();
            }
            try {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_TRACKS, new StringReader(copyText(positions)));
            } catch (IOException e) {
                throw new SQLException("COPY of track rows failed: " + e.getMessage(), e);
            }
            return null;
        });
    }

    private void requireInRoster(Connection c, List<Position> positions, Set<String> unitIds) throws SQLException {
        Set<String> known = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM units WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", unitIds.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getString(1));
                }
            }
        }
        if (known.size() < unitIds.size()) {
            for (Position p : positions) {
                if (!known.contains(p.unitId())) {
                    throw new StoreException("appendPositions failed: unit \"" + p.unitId()
                            + "\" is not in the roster; nothing was stored");
                }
            }
        }
    }

    /** Creates the day partitions of {@code tracks} that {@code days} need and that are not known to exist. */
    private void ensurePartitions(Connection c, Set<LocalDate> days) throws SQLException {
        List<LocalDate> missing = days.stream().filter(d -> !partitions.contains(partitionName(d))).toList();
        if (missing.isEmpty()) {
            return;
        }
        for (LocalDate d : missing) {
            String name = partitionName(d);
            String sql = "CREATE TABLE IF NOT EXISTS " + schema + "." + name + " PARTITION OF " + schema + ".tracks"
                    + " FOR VALUES FROM ('" + d + " 00:00:00+00') TO ('" + d.plusDays(1) + " 00:00:00+00')";
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                // Another process may have created it at the same moment: fine if it exists now.
                if (!partitionExists(c, name)) {
                    throw new SQLException("cannot create track partition " + name + ": " + e.getMessage(), e);
                }
            }
            partitions.add(name);
        }
    }

    private boolean partitionExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = ? AND k.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                boolean exists = rs.next();
                c.commit();
                return exists;
            }
        }
    }

    static String partitionName(LocalDate day) {
        return "tracks_p" + DAY.format(day);
    }

    /** Track rows in COPY text format: tab-separated, {@code \N} for NULL, in append order. */
    static String copyText(List<Position> positions) {
        StringBuilder sb = new StringBuilder(positions.size() * 96);
        for (Position p : positions) {
            escapeCopy(sb, p.unitId());
            sb.append('\t').append(micros(p.time())).append('\t')
                    .append(p.lon()).append('\t').append(p.lat()).append('\t');
            appendDoubleOrNull(sb, p.speed()).append('\t');
            appendDoubleOrNull(sb, p.heading()).append('\t');
            appendDoubleOrNull(sb, p.accuracy()).append('\n');
        }
        return sb.toString();
    }

    private static StringBuilder appendDoubleOrNull(StringBuilder sb, double v) {
        return Double.isNaN(v) ? sb.append("\\N") : sb.append(v);
    }

    private static void escapeCopy(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
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
        return read("track", "unit " + unitId + ", " + from + " .. " + to, c -> {
            List<Position> track = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_TRACK)) {
                ps.setString(1, unitId);
                setTime(ps, 2, clamp(from));
                setTime(ps, 3, clamp(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        track.add(new Position(unitId, rs.getDouble(1), rs.getDouble(2), getTime(rs, 3),
                                Rows.nanIfNull(rs, 4), Rows.nanIfNull(rs, 5), Rows.nanIfNull(rs, 6)));
                    }
                }
            }
            return track;
        });
    }

    @Override
    public List<String> unitsPassed(Envelope bbox, Instant from, Instant to) {
        Objects.requireNonNull(bbox, "bbox");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (bbox.isNull() || !from.isBefore(to)) {
            return List.of();
        }
        return read("unitsPassed", bbox + ", " + from + " .. " + to, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_UNITS_PASSED)) {
                setTime(ps, 1, clamp(from));
                setTime(ps, 2, clamp(to));
                double[] box = {bbox.getMinX(), bbox.getMinY(), bbox.getMaxX(), bbox.getMaxY()};
                for (int i = 0; i < 4; i++) {
                    ps.setDouble(3 + i, box[i]);
                }
                ps.setDouble(7, bbox.getMinX());
                ps.setDouble(8, bbox.getMaxX());
                ps.setDouble(9, bbox.getMinY());
                ps.setDouble(10, bbox.getMaxY());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    // ---------------------------------------------------------------- alerts

    @Override
    public void insertAlert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        try {
            write("insertAlert", "id " + alert.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement(INSERT_ALERT)) {
                    ps.setLong(1, alert.id());
                    ps.setString(2, alert.kind());
                    ps.setString(3, alert.severity());
                    ps.setString(4, alert.title());
                    ps.setString(5, alert.detail());
                    ps.setString(6, alert.areaCode());
                    Rows.setNullableDouble(ps, 7, alert.lon());
                    Rows.setNullableDouble(ps, 8, alert.lat());
                    setTime(ps, 9, alert.raisedAt());
                    setTime(ps, 10, alert.ackedAt());
                    ps.setString(11, alert.ackedBy());
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (StoreException e) {
            if (isUniqueViolation(e.getCause())) {
                throw new DuplicateIdException("insertAlert failed: alert id " + alert.id() + " exists already;"
                        + " nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    @Override
    public void ackAlert(long id, String by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        write("ackAlert", "id " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE alerts SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL")) {
                setTime(ps, 1, at);
                ps.setString(2, by);
                ps.setLong(3, id);
                if (ps.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT acked_by, acked_at FROM alerts WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(FailureKind.NOT_FOUND, "ackAlert failed: no alert with id " + id
                                + "; nothing was changed", null);
                    }
                    throw new StoreException(FailureKind.CONFLICT, "ackAlert failed: alert " + id + " was acknowledged already by "
                            + rs.getString(1) + " at " + getTime(rs, 2) + "; nothing was changed", null);
                }
            }
        });
    }

    @Override
    public List<Alert> loadAlerts(Instant since) {
        Objects.requireNonNull(since, "since");
        return read("loadAlerts", "since " + since, c -> {
            List<Alert> alerts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT_ALERTS)) {
                setTime(ps, 1, clamp(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        alerts.add(Rows.alert(rs, PostgisStore::getTime));
                    }
                }
            }
            return alerts;
        });
    }

    @Override
    public long maxAlertId() {
        return read("maxAlertId", "", c -> scalarLong(c, "SELECT COALESCE(MAX(id), 0) FROM alerts"));
    }

    // ---------------------------------------------------------------- plumbing

    /** Work done on one pooled connection inside one transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} under the write lock in one transaction on a pooled connection: commits
     * on success, rolls back and throws a {@link StoreException} naming {@code op} and
     * {@code what} on failure.
     */
    private <T> T write(String op, String what, Work<T> work) {
        writeLock.lock();
        try {
            return inTransaction(op, what, work, true);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one read transaction (rolled back at the end). A runtime exception
     * thrown by {@code work} itself (a caller's sink) propagates unwrapped.
     */
    private <T> T read(String op, String what, Work<T> work) {
        return inTransaction(op, what, work, false);
    }

    private <T> T inTransaction(String op, String what, Work<T> work, boolean write) {
        if (closed) {
            throw new StoreException(op + " failed: PostGIS store " + where + " is closed");
        }
        long since = unreachableSince;
        if (since != 0 && System.nanoTime() - since < FAIL_FAST_NANOS) {
            // Fail fast while the database is known to be away, instead of each queued call
            // waiting CONNECTION_TIMEOUT_MS for the pool: a backlog turns into prompt 503s.
            throw new StoreException(op + " failed: the database at " + where + " cannot be reached"
                    + (write ? "; nothing was changed" : "") + "; retry later");
        }
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                if (write) {
                    c.commit();
                } else {
                    c.rollback();
                }
                unreachableSince = 0;
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                throw e;
            }
        } catch (StoreException e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            if (isConnectionFailure(e)) {
                reachable(false);
            }
            if (!write && e instanceof RuntimeException re) {
                throw re;
            }
            String detail = what.isEmpty() ? "" : " (" + what + ")";
            // A connection lost while COMMIT was in flight leaves the outcome unknown: the write is
            // not acknowledged, but it may have landed (it is then loaded at the next start-up).
            boolean maybeStored = write && isConnectionFailure(e)
                    && !(e instanceof java.sql.SQLTransientConnectionException);
            String outcome = !write ? "" : maybeStored
                    ? "; not acknowledged (the connection was lost: if it dropped during the commit, the write may"
                    + " still have been stored)" : "; nothing was changed";
            throw new StoreException(FailureKind.UNAVAILABLE, op + " failed" + detail + " on " + where + ": "
                    + e.getMessage() + outcome, e, maybeStored);
        }
    }

    private static long scalarLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException se) {
                for (SQLException n = se; n != null; n = n.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Binds {@code t} truncated to the microsecond, or NULL. */
    private static void setTime(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    private static Instant getTime(ResultSet rs, int index) throws SQLException {
        OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** {@code t} as ISO-8601 UTC text to the microsecond, for COPY. */
    private static String micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** Query bounds outside what timestamptz and the driver handle are clamped (no stored time lies there). */
    private static Instant clamp(Instant t) {
        return t.isBefore(MIN_TIME) ? MIN_TIME : t.isAfter(MAX_TIME) ? MAX_TIME : t;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            pool.close();
            LOG.info("closed PostGIS store {} schema {}", where, schema);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "PostgisStore[" + where + ", schema " + schema + "]";
    }
}
