package org.gridwatch.store.postgis;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.ConcurrentHashMap;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.store.jdbc.Dialect;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * The PostGIS {@link Dialect}.
 *
 * <ul>
 *   <li>Instants: {@code timestamptz}, sent as {@link OffsetDateTime} in UTC truncated to the
 *       microsecond; query bounds outside years 0001–9999 are clamped.</li>
 *   <li>Geometries: point geometries are generated columns of their lon/lat; areas travel as WKB
 *       ({@code ST_GeomFromWKB} / {@code ST_AsBinary}).</li>
 *   <li>Areas: {@code admin_areas} (city to village, with a {@code level} column) and
 *       {@code grids}.</li>
 *   <li>Tracks: partitioned by UTC day into {@code tracks_pYYYYMMDD}, created on demand (each in a
 *       short transaction of its own; an empty partition left by a failed append is harmless)
 *       and dropped by retention; rows arrive by {@code COPY}; {@code seq} keeps append order
 *       among equal times.</li>
 * </ul>
 * Thread-safe: the one piece of state, the names of the partitions known to exist, is a
 * concurrent set.
 */
final class PostgisDialect implements Dialect {
    private static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String PARTITION_PREFIX = "tracks_p";
    /** SQLSTATE of a unique or primary key violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLSTATEs worth running the transaction again for: serialization failure, deadlock. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

    private static final String COPY_TRACKS =
            "COPY tracks (unit_id, time, lon, lat, speed, heading, accuracy) FROM STDIN";
    /**
     * The units' last positions from seven parallel arrays (times as epoch microseconds, exact);
     * a unit whose stored last position is newer is left alone.
     */
    private static final String MOVE_LAST_POSITIONS = """
            UPDATE units u SET last_lon = x.lon, last_lat = x.lat, last_time = x.time, last_speed = x.speed,
              last_heading = x.heading, last_accuracy = x.accuracy
            FROM (SELECT id, lon, lat, timestamptz 'epoch' + us * interval '1 microsecond' AS time, speed, heading,
                    accuracy
                  FROM unnest(?::text[], ?::float8[], ?::float8[], ?::int8[], ?::float8[], ?::float8[], ?::float8[])
                    AS a(id, lon, lat, us, speed, heading, accuracy)) x
            WHERE u.id = x.id AND (u.last_time IS NULL OR u.last_time <= x.time)
            RETURNING u.id""";
    private static final String SELECT_TRACK = """
            SELECT lon, lat, time, speed, heading, accuracy FROM tracks
            WHERE unit_id = ? AND time >= ? AND time < ? ORDER BY time, seq""";
    /** The partitions of {@code tracks} in schema ?: name and whether it is the DEFAULT partition. */
    private static final String PARTITIONS = """
            SELECT k.relname, pg_get_expr(k.relpartbound, k.oid) = 'DEFAULT'
            FROM pg_inherits i JOIN pg_class k ON k.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
              JOIN pg_namespace n ON n.oid = p.relnamespace
            WHERE n.nspname = ? AND p.relname = 'tracks'""";

    private static final List<AreaTable> AREA_TABLES = List.of(
            new AreaTable("admin_areas", EnumSet.complementOf(EnumSet.of(AdminLevel.GRID)), true, false),
            new AreaTable("grids", Set.of(AdminLevel.GRID), false, true));

    private final String schema;
    /** Names of the track partitions known to exist. */
    private final Set<String> partitions = ConcurrentHashMap.newKeySet();

    PostgisDialect(String schema) {
        this.schema = schema;
    }

    // ---------------------------------------------------------------- instants

    @Override
    public List<String> timeColumns(String name) {
        return List.of(name);
    }

    @Override
    public String timeColumn(String name) {
        return name;
    }

    @Override
    public int bindTime(PreparedStatement ps, int p, Instant t) throws SQLException {
        if (t == null) {
            ps.setNull(p, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(p, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
        return p + 1;
    }

    @Override
    public void bindTimeBound(PreparedStatement ps, int p, Instant t) throws SQLException {
        bindTime(ps, p, t.isBefore(MIN_TIME) ? MIN_TIME : t.isAfter(MAX_TIME) ? MAX_TIME : t);
    }

    @Override
    public Instant time(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    // ---------------------------------------------------------------- geometry

    /** False: point geometries are generated from lon/lat by the database. */
    @Override
    public boolean writesPointGeometry() {
        return false;
    }

    /** Not used: see {@link #writesPointGeometry()}. */
    @Override
    public byte[] encodePoint(double lon, double lat) {
        throw new UnsupportedOperationException("PostGIS generates point geometries from lon/lat");
    }

    @Override
    public String geometryParameter() {
        return "ST_GeomFromWKB(?, 4326)";
    }

    @Override
    public byte[] encodeGeometry(Geometry g) {
        return new WKBWriter(2).write(g);
    }

    @Override
    public String geometryResult(String column) {
        return "ST_AsBinary(" + column + ")";
    }

    @Override
    public Geometry decodeGeometry(byte[] value) {
        try {
            return new WKBReader(Geo.FACTORY).read(value);
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid WKB: " + e.getMessage(), e);
        }
    }

    @Override
    public List<AreaTable> areaTables() {
        return AREA_TABLES;
    }

    // ---------------------------------------------------------------- tracks

    /** Creates the day partitions that {@code days} need and that are not known to exist, each committed at once. */
    @Override
    public void prepareTrackDays(Connection c, SortedSet<LocalDate> days) throws SQLException {
        for (LocalDate d : days) {
            String name = partitionName(d);
            if (partitions.contains(name)) {
                continue;
            }
            String sql = "CREATE TABLE IF NOT EXISTS " + schema + "." + name + " PARTITION OF " + schema + ".tracks"
                    + " FOR VALUES FROM ('" + d + " 00:00:00+00') TO ('" + d.plusDays(1) + " 00:00:00+00')";
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                // Another process may have created it at the same moment: fine if it exists now.
                if (!partitionNames(c).contains(name)) {
                    throw new SQLException("cannot create track partition " + name + ": " + e.getMessage(),
                            e.getSQLState(), e);
                }
            }
            partitions.add(name);
        }
    }

    /**
     * One {@code UPDATE … FROM unnest(arrays)} for the whole group: one statement and one round
     * trip instead of one per unit. Rows are locked in the join's order, not necessarily in id
     * order; a deadlock with a writer of another process fails the transaction as retryable
     * ({@link #isRetryable}) and it runs again.
     */
    @Override
    public Set<String> moveLastPositions(Connection c, Collection<Position> latest) throws SQLException {
        int n = latest.size();
        String[] ids = new String[n];
        Double[] lon = new Double[n];
        Double[] lat = new Double[n];
        Long[] micros = new Long[n];
        Double[] speed = new Double[n];
        Double[] heading = new Double[n];
        Double[] accuracy = new Double[n];
        int i = 0;
        for (Position p : latest) {
            ids[i] = p.unitId();
            lon[i] = p.lon();
            lat[i] = p.lat();
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, p.time());
            speed[i] = nullIfNaN(p.speed());
            heading[i] = nullIfNaN(p.heading());
            accuracy[i] = nullIfNaN(p.accuracy());
            i++;
        }
        Set<String> moved = new HashSet<>(n * 2);
        try (PreparedStatement ps = c.prepareStatement(MOVE_LAST_POSITIONS)) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("float8", lon));
            ps.setArray(3, c.createArrayOf("float8", lat));
            ps.setArray(4, c.createArrayOf("int8", micros));
            ps.setArray(5, c.createArrayOf("float8", speed));
            ps.setArray(6, c.createArrayOf("float8", heading));
            ps.setArray(7, c.createArrayOf("float8", accuracy));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    moved.add(rs.getString(1));
                }
            }
        }
        return moved;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /** Streams the rows with {@code COPY}, in list order (the order {@code seq} keeps). */
    @Override
    public void insertTracks(Connection c, List<Position> positions) throws SQLException {
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_TRACKS, new StringReader(copyText(positions)));
        } catch (IOException e) {
            throw new SQLException("COPY of track rows failed: " + e.getMessage(), e);
        }
    }

    @Override
    public PreparedStatement trackQuery(Connection c, String unitId, Instant from, Instant to) throws SQLException {
        PreparedStatement ps = c.prepareStatement(SELECT_TRACK);
        ps.setString(1, unitId);
        bindTimeBound(ps, 2, from);
        bindTimeBound(ps, 3, to);
        return ps;
    }

    /** The GiST index finds candidates (its boxes are float4, rounded outwards); the caller's lon/lat test is exact. */
    @Override
    public Condition trackBoxCondition(Connection c, Envelope bbox, Instant from, Instant to) {
        return new Condition("geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)",
                List.of(bbox.getMinX(), bbox.getMinY(), bbox.getMaxX(), bbox.getMaxY()));
    }

    /**
     * Drops every day partition before {@code firstKeptDay} at once, however many positions they
     * hold (a cheap catalog change, not a row-by-row delete), and forgets them; a DEFAULT
     * partition, if someone attached one, loses its old rows by DELETE, at most
     * {@code maxPositions} per call.
     */
    @Override
    public boolean deleteTracksBefore(Connection c, LocalDate firstKeptDay, int maxPositions) throws SQLException {
        String defaultPartition = null;
        List<String> old = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PARTITIONS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    LocalDate day = partitionDay(name);
                    if (rs.getBoolean(2)) {
                        defaultPartition = name;
                    } else if (day != null && day.isBefore(firstKeptDay)) {
                        old.add(name);
                    }
                }
            }
        }
        try (Statement st = c.createStatement()) {
            for (String name : old) {
                st.execute("DROP TABLE " + schema + "." + name);
            }
        }
        // Forgotten at once: should the drop roll back, CREATE TABLE IF NOT EXISTS finds the
        // partition again, whereas a name kept for a dropped partition would fail every append of
        // its day.
        old.forEach(partitions::remove);
        if (defaultPartition == null) {
            return true;
        }
        OffsetDateTime before = firstKeptDay.atStartOfDay().atOffset(ZoneOffset.UTC);
        String table = schema + "." + defaultPartition;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM "
                + table + " WHERE time < ? LIMIT ?)")) {
            ps.setObject(1, before);
            ps.setInt(2, maxPositions);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE time < ? LIMIT 1")) {
            ps.setObject(1, before);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next();
            }
        }
    }

    private List<String> partitionNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PARTITIONS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        c.commit();
        return names;
    }

    static String partitionName(LocalDate day) {
        return PARTITION_PREFIX + DAY.format(day);
    }

    /** The day of a partition named {@code tracks_pYYYYMMDD}; null for any other name. */
    static LocalDate partitionDay(String name) {
        if (!name.startsWith(PARTITION_PREFIX) || name.length() != PARTITION_PREFIX.length() + 8) {
            return null;
        }
        try {
            return LocalDate.parse(name.substring(PARTITION_PREFIX.length()), DAY);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Track rows in COPY text format: tab-separated, {@code \N} for NULL, in append order. */
    static String copyText(List<Position> positions) {
        StringBuilder sb = new StringBuilder(positions.size() * 96);
        for (Position p : positions) {
            escapeCopy(sb, p.unitId());
            sb.append('\t').append(p.time().truncatedTo(ChronoUnit.MICROS)).append('\t')
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

    // ---------------------------------------------------------------- streaming and errors

    /** Fetches {@code fetchSize} rows per round trip, in binary from the first execution. */
    @Override
    public void prepareStreaming(PreparedStatement ps, int fetchSize) throws SQLException {
        ps.setFetchSize(fetchSize);
        // Binary results from the first execution: parsing a million full-precision doubles and
        // timestamps from text was most of the start-up time.
        ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
    }

    /** A {@code date} parameter: the JDBC 4.2 {@code LocalDate} mapping. */
    @Override
    public void bindDay(PreparedStatement ps, int p, java.time.LocalDate day) throws SQLException {
        ps.setObject(p, day);
    }

    @Override
    public java.time.LocalDate day(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, java.time.LocalDate.class);
    }

    /** True: {@code INSERT ... ON CONFLICT (id) DO UPDATE}, atomic against other writers of the database. */
    @Override
    public boolean upsertsInOneStatement() {
        return true;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return hasState(e, Set.of(UNIQUE_VIOLATION));
    }

    /** True for no pooled connection in time, or SQLSTATE class 08 (connection) or 57P (operator intervention). */
    @Override
    public boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException se && se.getSQLState() != null
                    && (se.getSQLState().startsWith("08") || se.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isRetryable(SQLException e) {
        return hasState(e, RETRYABLE);
    }

    private static boolean hasState(Throwable t, Set<String> states) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException se) {
                for (SQLException n = se; n != null; n = n.getNextException()) {
                    if (n.getSQLState() != null && states.contains(n.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
