package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.patrol.Position;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * What one database does its own way, for the table code of this package that is written once:
 * how instants and geometries are kept, how areas are laid out, the bulk path and the queries of
 * tracks, the database's own bookkeeping after a write, and which errors mean what.
 *
 * <p>Both databases share the rest: the tables have the same names (but for the areas) and the
 * same columns in the same order; every geometry column is called {@code geom}; a point row keeps
 * its coordinates in {@code lon}/{@code lat} columns (units: {@code last_lon}/{@code last_lat}),
 * which are authoritative.
 *
 * <p>Implementations are stateless or thread-safe: one instance serves the writer and every reader
 * at once. Methods given a {@link Connection} run inside the caller's transaction and neither
 * commit nor roll back, unless they say so.
 */
public interface Dialect {

    // ---------------------------------------------------------------- instants

    /**
     * The columns written for instant {@code name}, in bind order: one {@code timestamptz}
     * column, or the epoch-microsecond integer {@code name_us} beside a {@code DATETIME} text.
     * {@link #bindTime} binds one parameter per column.
     */
    List<String> timeColumns(String name);

    /** The one column of instant {@code name} that is read back and compared in WHERE clauses. */
    String timeColumn(String name);

    /**
     * Binds instant {@code t} (truncated to the microsecond; null for SQL NULL) to the
     * parameters of {@link #timeColumns} from {@code p}.
     *
     * @return the next parameter index
     */
    int bindTime(PreparedStatement ps, int p, Instant t) throws SQLException;

    /**
     * Binds {@code t} as a query bound compared with {@link #timeColumn}; bounds outside the
     * range the database keeps are clamped (no stored instant lies there).
     */
    void bindTimeBound(PreparedStatement ps, int p, Instant t) throws SQLException;

    /** The instant in column {@code column} (a {@link #timeColumn}); null for SQL NULL. */
    Instant time(ResultSet rs, int column) throws SQLException;

    // ---------------------------------------------------------------- local days

    /**
     * Binds local day {@code day} to parameter {@code p} of a {@code date} column: by default its
     * ISO text {@code YYYY-MM-DD} (SQLite keeps a DATE as that text, which sorts as the days do).
     */
    default void bindDay(PreparedStatement ps, int p, java.time.LocalDate day) throws SQLException {
        ps.setString(p, day.toString());
    }

    /** The local day in column {@code column} of a {@code date} column, as {@link #bindDay} wrote it. */
    default java.time.LocalDate day(ResultSet rs, int column) throws SQLException {
        return java.time.LocalDate.parse(rs.getString(column));
    }

    // ---------------------------------------------------------------- geometry

    /**
     * True when point rows write their {@code geom} column themselves, as {@link #encodePoint};
     * false when the database derives it from the row's lon/lat columns.
     */
    boolean writesPointGeometry();

    /** The value of the {@code geom} column of a point row at {@code lon}, {@code lat} (WGS84 degrees). */
    byte[] encodePoint(double lon, double lat);

    /** The SQL parameter expression that turns an {@link #encodeGeometry} value into a geometry. */
    String geometryParameter();

    /** The value of a {@code geom} column of a non-point row (SRID 4326). */
    byte[] encodeGeometry(Geometry g);

    /** The SELECT expression of a {@code geom} column that {@link #decodeGeometry} reads. */
    String geometryResult(String column);

    /**
     * The geometry of a {@link #geometryResult} value, of {@link org.gridwatch.geo.Geo#FACTORY}.
     *
     * @throws IllegalArgumentException if the bytes are not a geometry
     */
    Geometry decodeGeometry(byte[] value);

    // ---------------------------------------------------------------- upsert

    /**
     * True when a row that may exist already is written by one {@code INSERT ... ON CONFLICT (id)
     * DO UPDATE} (atomic against writers of other processes); false when it must be an UPDATE,
     * then an INSERT of the rows it did not find: GeoPackage, whose R-tree triggers'
     * {@code INSERT OR REPLACE} would take the UPSERT's conflict policy (abort) and fail.
     */
    boolean upsertsInOneStatement();

    // ---------------------------------------------------------------- areas

    /**
     * The tables holding admin areas and grids, in load order, each with the levels it holds,
     * together covering every {@link AdminLevel} once.
     */
    List<AreaTable> areaTables();

    /**
     * A table of areas: {@code code, name, parent_code, population, households, area_sqm, demo,
     * geom} and, where it says, {@code level} (the {@link AdminLevel#id()}) and
     * {@code grid_worker}.
     */
    record AreaTable(String name, Set<AdminLevel> levels, boolean levelColumn, boolean gridWorkerColumn) {
        public AreaTable {
            levels = Set.copyOf(levels);
        }
    }

    // ---------------------------------------------------------------- tracks

    /**
     * Readies the track table for positions of the UTC {@code days} (e.g. creates their day
     * partitions). May commit work of its own, before the caller's transaction writes anything.
     */
    default void prepareTrackDays(Connection c, SortedSet<LocalDate> days) throws SQLException {
    }

    /**
     * The bulk path of the units' last positions, where the dialect has one: moves each unit's
     * last position to its position in {@code latest} (one per unit, in id order) unless a newer
     * one is stored (on equal times the one given wins), in one statement, and returns the ids of
     * the units whose row it changed. Null (the default) when the dialect has no such path; the
     * caller then updates row by row.
     */
    default Set<String> moveLastPositions(Connection c, Collection<Position> latest) throws SQLException {
        return null;
    }

    /**
     * The bulk path: appends {@code positions} to {@code tracks}, so that equal times read back
     * in list order.
     */
    void insertTracks(Connection c, List<Position> positions) throws SQLException;

    /**
     * A bound query of the track of {@code unitId} with {@code from <= time < to}
     * ({@code from < to}) in time order, equal times in append order, with the columns
     * {@code lon, lat, time (a timeColumn), speed, heading, accuracy}; or null when it is known
     * to find nothing.
     */
    PreparedStatement trackQuery(Connection c, String unitId, Instant from, Instant to) throws SQLException;

    /**
     * A condition on {@code tracks} rows, ANDed to the exact box test of "who passed here"
     * ({@link org.gridwatch.patrol.UnitStore#unitsPassed}, {@link org.gridwatch.patrol.UnitStore#positionsIn}), that lets a spatial index find the
     * candidates inside {@code bbox} (not null, not empty) between {@code from} and {@code to};
     * {@link Condition#NONE} where the time index serves better or there is no spatial index.
     */
    Condition trackBoxCondition(Connection c, Envelope bbox, Instant from, Instant to) throws SQLException;

    /** An SQL condition and the values of its parameters, in order (bound with {@code setObject}). */
    record Condition(String sql, List<Object> parameters) {
        /** No condition: TRUE. */
        public static final Condition NONE = new Condition("1 = 1", List.of());

        public Condition {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * Deletes the positions before {@code firstKeptDay} 00:00 UTC, at most about
     * {@code maxPositions} of them where rows are deleted one by one; see
     * {@link org.gridwatch.patrol.UnitStore#deleteTracksBefore}. May commit work of its own.
     *
     * @return true when none is left before that day
     */
    boolean deleteTracksBefore(Connection c, LocalDate firstKeptDay, int maxPositions) throws SQLException;

    // ---------------------------------------------------------------- bookkeeping

    /**
     * Called inside every write transaction that changed {@code table}, with the extent of the
     * geometries it wrote (null or empty when none): GeoPackage widens the table's extent in
     * {@code gpkg_contents} (never shrinking it) and records the change time.
     */
    default void changed(Connection c, String table, Envelope extent) throws SQLException {
    }

    /** Like {@link #changed}, after {@code table} was emptied and filled anew: its extent is now {@code extent}. */
    default void replaced(Connection c, String table, Envelope extent) throws SQLException {
    }

    /**
     * Readies a query that streams many rows (fetch size, binary results); the default does
     * nothing.
     */
    default void prepareStreaming(PreparedStatement ps, int fetchSize) throws SQLException {
    }

    // ---------------------------------------------------------------- errors

    /** True when {@code e} (or one chained to it) is a violated primary key or unique constraint. */
    boolean isUniqueViolation(SQLException e);

    /**
     * True when {@code t} (or a cause) is a failure to reach the database, as opposed to a
     * failing statement; false for a local file.
     */
    boolean isConnectionFailure(Throwable t);

    /**
     * True when the transaction that failed with {@code e} may succeed if run again at once
     * (SQLite busy or locked; PostgreSQL serialization failure or deadlock).
     */
    boolean isRetryable(SQLException e);
}
