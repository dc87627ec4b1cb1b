package org.gridwatch.store.geopackage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Geo;
import org.gridwatch.gpkg.GeoPackageGeometry;
import org.gridwatch.patrol.Position;
import org.gridwatch.store.jdbc.Columns;
import org.gridwatch.store.jdbc.Dialect;
import org.gridwatch.store.jdbc.Rows;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The GeoPackage (SQLite) {@link Dialect}.
 *
 * <ul>
 *   <li>Instants: {@code name_us} holds epoch microseconds and is authoritative (read, compared,
 *       indexed); the {@code DATETIME} text {@code name} beside it
 *       ({@code YYYY-MM-DDTHH:MM:SS.SSSZ}, UTC) is for GIS users. Nanoseconds below the
 *       microsecond are truncated.</li>
 *   <li>Geometries: GeoPackage binary blobs ({@link GeoPackageGeometry}), written by the store for
 *       every row, points included (from their lon/lat, which stay authoritative).</li>
 *   <li>Areas: one feature table per level ({@link GeoPackageSchema#areaTable}).</li>
 *   <li>Tracks: batched INSERTs; replay walks the minute buckets of the track index; "who passed
 *       here" goes by the time index, or by an R-tree on tracks where a user added one and the
 *       box is small against the window; retention DELETEs in pieces by {@code time_us} and gives
 *       the pages back ({@code PRAGMA incremental_vacuum}).</li>
 *   <li>Bookkeeping: every write widens the extent of the tables it wrote in
 *       {@code gpkg_contents} (never shrinking it, except when areas are replaced) and sets their
 *       {@code last_change}.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class GeoPackageDialect implements Dialect {
    /** Rows per JDBC batch when appending positions (small rows, many of them). */
    private static final int POSITION_BATCH_SIZE = 5_000;

    private static final String INSERT_POSITION;
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
    /**
     * First and last time_us of the tracks (two index look-ups) and their extent, for
     * {@link #trackBoxCondition}.
     */
    private static final String TRACK_STATS = """
            SELECT (SELECT MIN(time_us) FROM tracks), (SELECT MAX(time_us) FROM tracks), min_x, max_x, min_y, max_y,
              EXISTS (SELECT 1 FROM sqlite_master WHERE name = '%s')
            FROM gpkg_contents WHERE table_name = 'tracks'""".formatted(GeoPackageSchema.rtreeName(GeoPackageSchema.TRACKS));
    /**
     * How many times more costly a row found through the R-tree is than one found through the time
     * index (an id list built from the R-tree, then a seek per row, against one range scan).
     * Measured on 1,000,000 positions over a day spread over the city (SQLite 3.46 shell, warm):
     * a 0.005° box over the whole day took 0.2 ms by R-tree and 410 ms by time index; the whole
     * city over one minute 6.6 s and 1 ms; a 0.05° box over one hour (box share 0.16 %, time share
     * 4 %, a ratio of 26) 17 ms and 11 ms.
     */
    private static final double RTREE_PENALTY = 32;
    /** Deletes the oldest positions before ?1 (time_us), at most ?2, seeking tracks_time_idx. */
    private static final String DELETE_OLD_POSITIONS = """
            DELETE FROM tracks WHERE fid IN (SELECT fid FROM tracks WHERE time_us < ?1 ORDER BY time_us LIMIT ?2)""";
    private static final String ANY_OLD_POSITION = "SELECT 1 FROM tracks WHERE time_us < ? LIMIT 1";
    /** Widens a table's extent in gpkg_contents: ?1..?4 = min x, min y, max x, max y; ?5 = now; ?6 = table. */
    private static final String WIDEN_EXTENT = """
            UPDATE gpkg_contents SET min_x = MIN(COALESCE(min_x, ?1), ?1), min_y = MIN(COALESCE(min_y, ?2), ?2),
              max_x = MAX(COALESCE(max_x, ?3), ?3), max_y = MAX(COALESCE(max_y, ?4), ?4), last_change = ?5
            WHERE table_name = ?6""";
    private static final String SET_EXTENT = """
            UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = ? WHERE table_name = ?""";
    private static final String TOUCH = "UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?";

    private static final List<AreaTable> AREA_TABLES;

    static {
        List<AreaTable> tables = new ArrayList<>();
        for (AdminLevel level : AdminLevel.values()) {
            tables.add(new AreaTable(GeoPackageSchema.areaTable(level), Set.of(level), false, true));
        }
        AREA_TABLES = List.copyOf(tables);
        INSERT_POSITION = new Columns(new GeoPackageDialect()).plain("unit_id").time("time")
                .plain("lon", "lat", "speed", "heading", "accuracy").pointGeometry().insertInto(GeoPackageSchema.TRACKS);
    }

    // ---------------------------------------------------------------- instants

    @Override
    public List<String> timeColumns(String name) {
        return List.of(name, name + "_us");
    }

    @Override
    public String timeColumn(String name) {
        return name + "_us";
    }

    @Override
    public int bindTime(PreparedStatement ps, int p, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(p, Types.VARCHAR);
            ps.setNull(p + 1, Types.BIGINT);
        } else {
            ps.setString(p, datetime(t));
            ps.setLong(p + 1, toMicros(t));
        }
        return p + 2;
    }

    @Override
    public void bindTimeBound(PreparedStatement ps, int p, Instant t) throws SQLException {
        ps.setLong(p, clampedMicros(t));
    }

    @Override
    public Instant time(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : fromMicros(v);
    }

    // ---------------------------------------------------------------- geometry

    @Override
    public boolean writesPointGeometry() {
        return true;
    }

    @Override
    public byte[] encodePoint(double lon, double lat) {
        return GeoPackageGeometry.encodePoint(lon, lat, Geo.SRID);
    }

    @Override
    public String geometryParameter() {
        return "?";
    }

    @Override
    public byte[] encodeGeometry(Geometry g) {
        return GeoPackageGeometry.encode(g, Geo.SRID);
    }

    @Override
    public String geometryResult(String column) {
        return column;
    }

    @Override
    public Geometry decodeGeometry(byte[] value) {
        return GeoPackageGeometry.decode(value);
    }

    /** False: see {@link Dialect#upsertsInOneStatement()}; the store is the only writer, so UPDATE then INSERT is as good. */
    @Override
    public boolean upsertsInOneStatement() {
        return false;
    }

    @Override
    public List<AreaTable> areaTables() {
        return AREA_TABLES;
    }

    // ---------------------------------------------------------------- tracks

    @Override
    public void insertTracks(Connection c, List<Position> positions) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_POSITION)) {
            Rows.batch(insert, positions, POSITION_BATCH_SIZE, (ps, p) -> {
                ps.setString(1, p.unitId());
                int i = bindTime(ps, 2, p.time());
                ps.setDouble(i, p.lon());
                ps.setDouble(i + 1, p.lat());
                Rows.setDoubleOrNull(ps, i + 2, p.speed());
                Rows.setDoubleOrNull(ps, i + 3, p.heading());
                Rows.setDoubleOrNull(ps, i + 4, p.accuracy());
                ps.setBytes(i + 5, encodePoint(p.lon(), p.lat()));
            });
        }
    }

    @Override
    public PreparedStatement trackQuery(Connection c, String unitId, Instant from, Instant to) throws SQLException {
        long lo;
        long hi;
        try (PreparedStatement range = c.prepareStatement(TRACKS_TIME_RANGE); ResultSet rs = range.executeQuery()) {
            rs.next();
            long min = rs.getLong(1);
            if (rs.wasNull()) {
                return null;
            }
            // The window [from, to) clamped to the stored times, so an open-ended window does not
            // walk billions of empty minutes.
            lo = Math.max(clampedMicros(from), min);
            hi = Math.min(clampedMicros(to) - 1, rs.getLong(2));
        }
        if (lo > hi) {
            return null;
        }
        long bucket = GeoPackageSchema.TRACK_INDEX_BUCKET_US;
        PreparedStatement ps = c.prepareStatement(SELECT_TRACK);
        ps.setLong(1, lo / bucket);
        ps.setLong(2, hi / bucket);
        ps.setString(3, unitId);
        ps.setLong(4, lo);
        ps.setLong(5, hi + 1);
        return ps;
    }

    /**
     * The R-tree of the tracks, where there is one (the schema makes none, a user may add one, see
     * {@link GeoPackageSchema#spatialIndexes()}), when it should visit fewer rows than the time
     * index: when the
     * box's share of the tracks' extent, times {@link #RTREE_PENALTY}, is below the window's share
     * of their time span (both shares assume rows spread evenly; both come from index look-ups
     * and {@code gpkg_contents}, no scan). Else {@link Condition#NONE}: the time index finds the
     * rows of the window and the box is tested on them.
     */
    @Override
    public Condition trackBoxCondition(Connection c, Envelope bbox, Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TRACK_STATS); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Condition.NONE;
            }
            long first = rs.getLong(1);
            boolean none = rs.wasNull();
            long last = rs.getLong(2);
            double minX = rs.getDouble(3);
            none |= rs.wasNull();
            double maxX = rs.getDouble(4);
            double minY = rs.getDouble(5);
            double maxY = rs.getDouble(6);
            none |= rs.wasNull();
            if (none || !rs.getBoolean(7)) {
                return Condition.NONE;
            }
            double window = Math.min(clampedMicros(to), last + 1.0) - Math.max(clampedMicros(from), first);
            double timeShare = Math.max(0, window) / (last + 1.0 - first);
            double boxShare = share(bbox.getMinX(), bbox.getMaxX(), minX, maxX)
                    * share(bbox.getMinY(), bbox.getMaxY(), minY, maxY);
            if (boxShare * RTREE_PENALTY >= timeShare) {
                return Condition.NONE;
            }
        }
        return new Condition("fid IN (SELECT id FROM " + GeoPackageSchema.rtreeName(GeoPackageSchema.TRACKS)
                + " WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?)",
                List.of(bbox.getMaxX(), bbox.getMinX(), bbox.getMaxY(), bbox.getMinY()));
    }

    /** The share of {@code [emin, emax]} that {@code [lo, hi]} covers, in [0, 1]. */
    private static double share(double lo, double hi, double emin, double emax) {
        if (emax <= emin) {
            return lo <= emin && emin <= hi ? 1 : 0;
        }
        return Math.max(0, Math.min(hi, emax) - Math.max(lo, emin)) / (emax - emin);
    }

    /**
     * Deletes the oldest {@code maxPositions} positions before the day (one index range scan of
     * {@code tracks_time_idx}), then hands the freed pages back to the file system
     * ({@code PRAGMA incremental_vacuum}; a file still in {@code auto_vacuum = NONE} keeps them
     * for reuse instead).
     */
    @Override
    public boolean deleteTracksBefore(Connection c, LocalDate firstKeptDay, int maxPositions) throws SQLException {
        long before = toMicros(firstKeptDay.atStartOfDay(ZoneOffset.UTC).toInstant());
        try (PreparedStatement ps = c.prepareStatement(DELETE_OLD_POSITIONS)) {
            ps.setLong(1, before);
            ps.setInt(2, maxPositions);
            ps.executeUpdate();
        }
        boolean done;
        try (PreparedStatement ps = c.prepareStatement(ANY_OLD_POSITION)) {
            ps.setLong(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                done = !rs.next();
            }
        }
        // The pragma frees one page per step, and sqlite-jdbc steps a statement without result
        // columns once per execute: run it once per free page.
        long free = pragma(c, "auto_vacuum") == GeoPackageSchema.AUTO_VACUUM_INCREMENTAL
                ? pragma(c, "freelist_count") : 0;
        try (PreparedStatement vacuum = c.prepareStatement("PRAGMA incremental_vacuum")) {
            for (long page = 0; page < free; page++) {
                vacuum.execute();
            }
        }
        return done;
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    @Override
    public void changed(Connection c, String table, Envelope extent) throws SQLException {
        if (extent == null || extent.isNull()) {
            try (PreparedStatement ps = c.prepareStatement(TOUCH)) {
                ps.setString(1, datetime(Instant.now()));
                ps.setString(2, table);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(WIDEN_EXTENT)) {
            ps.setDouble(1, extent.getMinX());
            ps.setDouble(2, extent.getMinY());
            ps.setDouble(3, extent.getMaxX());
            ps.setDouble(4, extent.getMaxY());
            ps.setString(5, datetime(Instant.now()));
            ps.setString(6, table);
            ps.executeUpdate();
        }
    }

    @Override
    public void replaced(Connection c, String table, Envelope extent) throws SQLException {
        boolean none = extent == null || extent.isNull();
        try (PreparedStatement ps = c.prepareStatement(SET_EXTENT)) {
            Rows.setNullableDouble(ps, 1, none ? null : extent.getMinX());
            Rows.setNullableDouble(ps, 2, none ? null : extent.getMinY());
            Rows.setNullableDouble(ps, 3, none ? null : extent.getMaxX());
            Rows.setNullableDouble(ps, 4, none ? null : extent.getMaxY());
            ps.setString(5, datetime(Instant.now()));
            ps.setString(6, table);
            ps.executeUpdate();
        }
    }

    // ---------------------------------------------------------------- errors

    /**
     * True for a primary key or unique constraint. sqlite-jdbc reports batch failures as a
     * BatchUpdateException carrying only the text, hence the look at the message.
     */
    @Override
    public boolean isUniqueViolation(SQLException e) {
        return hasCode(e, SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY, SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    }

    /** False: the file is local; a full disk or an I/O error fails the statement itself. */
    @Override
    public boolean isConnectionFailure(Throwable t) {
        return false;
    }

    /**
     * True for SQLITE_BUSY and SQLITE_LOCKED: another process (a GIS client writing the file)
     * held the lock longer than the busy timeout, or changed the file after this transaction's
     * snapshot (SQLITE_BUSY_SNAPSHOT, which the busy handler does not wait out).
     */
    @Override
    public boolean isRetryable(SQLException e) {
        return hasCode(e, SQLiteErrorCode.SQLITE_BUSY, SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT,
                SQLiteErrorCode.SQLITE_BUSY_RECOVERY, SQLiteErrorCode.SQLITE_LOCKED,
                SQLiteErrorCode.SQLITE_LOCKED_SHAREDCACHE);
    }

    private static boolean hasCode(Throwable t, SQLiteErrorCode... codes) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (SQLiteErrorCode code : codes) {
                if (c instanceof SQLiteException se && se.getResultCode() == code) {
                    return true;
                }
                String m = c instanceof SQLException ? c.getMessage() : null;
                if (m != null && m.contains("[" + code.name() + "]")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- time codec

    /** Epoch microseconds of {@code t}, saturated at the long range (for open-ended query bounds). */
    static long clampedMicros(Instant t) {
        try {
            return toMicros(t);
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
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
}
