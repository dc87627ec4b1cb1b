package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.gridwatch.alert.Alert;
import org.gridwatch.error.StoreException;
import org.gridwatch.area.AdminArea;
import org.gridwatch.geo.Crs;
import org.gridwatch.geo.Geo;
import org.gridwatch.incident.CaseAction;
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
import org.gridwatch.post.ClockWindow;
import org.gridwatch.post.DutyWindow;
import org.gridwatch.post.KeyPeriod;
import org.gridwatch.post.KeyPlace;
import org.gridwatch.post.KeyPlaceKind;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.post.SchoolPost;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Row mapping and batching shared by the tables of both stores, whose columns are the same and in
 * the same order and differ only in how they keep instants ({@link TimeColumn}). The column lists
 * each reader expects are in its Javadoc. Stateless; thread-safe.
 */
public final class Rows {
    /**
     * Rows per JDBC batch of bulk inserts: large enough to amortise the round trip (the JNI call
     * for SQLite), small enough for memory.
     */
    public static final int BATCH_SIZE = 1_000;

    private Rows() {
    }

    /** How a store reads an instant column: null for SQL NULL. */
    @FunctionalInterface
    public interface TimeColumn {
        Instant get(ResultSet rs, int column) throws SQLException;
    }

    /**
     * An incident from columns {@code id, source, external_id, category, severity, lon, lat,
     * original_crs, original_lon, original_lat, grid_code, title, description, reported_at,
     * received_at, status, rating}.
     */
    public static Incident incident(ResultSet rs, List<Transition> history, TimeColumn time) throws SQLException {
        int rating = rs.getInt(17);
        Integer nullableRating = rs.wasNull() ? null : rating;
        return new Incident(rs.getLong(1),
                parse(rs.getString(2), Source::parse, "source"),
                rs.getString(3),
                parse(rs.getString(4), Category::parse, "category"),
                rs.getInt(5), rs.getDouble(6), rs.getDouble(7),
                parse(rs.getString(8), Crs::parse, "original_crs"),
                rs.getDouble(9), rs.getDouble(10), rs.getString(11), rs.getString(12), rs.getString(13),
                time.get(rs, 14), time.get(rs, 15),
                parse(rs.getString(16), Status::parse, "status"),
                nullableRating, history);
    }

    /**
     * A transition from columns {@code incident_id, from_status, to_status, actor, at, note, unit_id,
     * actor_id, action, target, due_at}.
     */
    public static Transition transition(ResultSet rs, long incidentId, TimeColumn time) throws SQLException {
        try {
            String from = rs.getString(2);
            return new Transition(from == null ? null : parse(from, Status::parse, "from_status"),
                    parse(rs.getString(3), Status::parse, "to_status"), rs.getString(4), time.get(rs, 5),
                    rs.getString(6), rs.getString(7), rs.getString(8),
                    parse(rs.getString(9), CaseAction::parse, "action"), rs.getString(10), time.get(rs, 11));
        } catch (RuntimeException e) {
            throw new SQLException("unreadable transition of incident " + incidentId + ": " + e.getMessage(), e);
        }
    }

    /**
     * A unit from columns {@code id, call_sign, kind, agency, home_county_code,
     * home_township_code, demo, status, last_lon, last_lat, last_time, last_speed, last_heading,
     * last_accuracy} (no last position when {@code last_time} is NULL).
     */
    public static UnitRecord unit(ResultSet rs, TimeColumn time) throws SQLException {
        String id = rs.getString(1);
        try {
            Unit unit = new Unit(id, rs.getString(2), parse(rs.getString(3), UnitKind::parse, "kind"), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getBoolean(7));
            UnitStatus status = parse(rs.getString(8), UnitStatus::parse, "status");
            Instant last = time.get(rs, 11);
            Position p = last == null ? null : new Position(id, rs.getDouble(9), rs.getDouble(10), last,
                    nanIfNull(rs, 12), nanIfNull(rs, 13), nanIfNull(rs, 14));
            return new UnitRecord(unit, status, p);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unreadable unit row " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * An alert from columns {@code id, kind, severity, title, detail, area_code, lon, lat,
     * raised_at, acked_at, acked_by}.
     */
    public static Alert alert(ResultSet rs, TimeColumn time) throws SQLException {
        long id = rs.getLong(1);
        try {
            double lon = rs.getDouble(7);
            Double nullableLon = rs.wasNull() ? null : lon;
            double lat = rs.getDouble(8);
            Double nullableLat = rs.wasNull() ? null : lat;
            return new Alert(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    nullableLon, nullableLat, time.get(rs, 9), time.get(rs, 10), rs.getString(11));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unreadable alert row " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * A school-guard post from columns {@code id, name, kind, lon, lat, radius_m, duty_windows,
     * required_staff, grid_code, county_code, demo}; {@code duty_windows} in the text form of
     * {@link ClockWindow}.
     */
    public static SchoolPost schoolPost(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        try {
            return new SchoolPost(id, rs.getString(2), parse(rs.getString(3), SchoolKind::parse, "kind"),
                    Geo.point(rs.getDouble(4), rs.getDouble(5)), rs.getDouble(6),
                    ClockWindow.parse(rs.getString(7), DutyWindow::new), rs.getInt(8), rs.getString(9),
                    rs.getString(10), rs.getBoolean(11));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unreadable school post row " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds {@code id, name, kind, lon, lat, radius_m, duty_windows, required_staff, grid_code,
     * county_code, demo} of {@code s} from parameter {@code p}.
     */
    public static void bindSchoolPost(PreparedStatement ps, int p, SchoolPost s) throws SQLException {
        ps.setString(p, s.id());
        ps.setString(p + 1, s.name());
        ps.setString(p + 2, s.kind().id());
        ps.setDouble(p + 3, s.gate().getX());
        ps.setDouble(p + 4, s.gate().getY());
        ps.setDouble(p + 5, s.radiusMetres());
        ps.setString(p + 6, ClockWindow.format(s.dutyWindows()));
        ps.setInt(p + 7, s.requiredStaff());
        ps.setString(p + 8, s.gridCode());
        ps.setString(p + 9, s.countyCode());
        ps.setBoolean(p + 10, s.demo());
    }

    /**
     * A key place from columns {@code id, name, kind, lon, lat, key_periods, patrol_interval_min,
     * grid_code, county_code, demo}; {@code key_periods} in the text form of {@link ClockWindow}.
     */
    public static KeyPlace keyPlace(ResultSet rs) throws SQLException {
        String id = rs.getString(1);
        try {
            return new KeyPlace(id, rs.getString(2), parse(rs.getString(3), KeyPlaceKind::parse, "kind"),
                    Geo.point(rs.getDouble(4), rs.getDouble(5)), ClockWindow.parse(rs.getString(6), KeyPeriod::new),
                    rs.getInt(7), rs.getString(8), rs.getString(9), rs.getBoolean(10));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unreadable key place row " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds {@code id, name, kind, lon, lat, key_periods, patrol_interval_min, grid_code,
     * county_code, demo} of {@code k} from parameter {@code p}.
     */
    public static void bindKeyPlace(PreparedStatement ps, int p, KeyPlace k) throws SQLException {
        ps.setString(p, k.id());
        ps.setString(p + 1, k.name());
        ps.setString(p + 2, k.kind().id());
        ps.setDouble(p + 3, k.location().getX());
        ps.setDouble(p + 4, k.location().getY());
        ps.setString(p + 5, ClockWindow.format(k.keyPeriods()));
        ps.setInt(p + 6, k.patrolIntervalMinutes());
        ps.setString(p + 7, k.gridCode());
        ps.setString(p + 8, k.countyCode());
        ps.setBoolean(p + 9, k.demo());
    }

    /** Binds one item's parameters of a batched statement. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    /** Executes {@code ps} once per item, bound by {@code binder}, in JDBC batches of {@code batchSize}. */
    public static <T> void batch(PreparedStatement ps, List<T> items, int batchSize, Binder<? super T> binder)
            throws SQLException {
        int pending = 0;
        for (T item : items) {
            binder.bind(ps, item);
            ps.addBatch();
            if (++pending >= batchSize) {
                ps.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) {
            ps.executeBatch();
        }
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Rows per {@code IN (...)} list of {@link #existing}. */
    private static final int IN_LIST = 500;

    /**
     * The keys of {@code keys} that {@code column} of {@code table} holds, asked {@value #IN_LIST}
     * at a time ({@code SELECT column FROM table WHERE column IN (?, ...)}), read by {@code reader}.
     */
    public static <K> Set<K> existing(Connection c, String table, String column, Collection<K> keys,
                                      RowReader<K> reader) throws SQLException {
        Set<K> found = new HashSet<>();
        List<K> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<K> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE " + column
                    + " IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setObject(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(reader.read(rs));
                    }
                }
            }
        }
        return found;
    }

    /** Every row {@code sql} selects, mapped by {@code reader}. */
    public static <T> List<T> all(Connection c, String sql, RowReader<T> reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return all(c, ps, reader);
        }
    }

    /** Every row the bound statement {@code ps} selects, mapped by {@code reader}. */
    public static <T> List<T> all(Connection c, PreparedStatement ps, RowReader<T> reader) throws SQLException {
        List<T> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(reader.read(rs));
            }
        }
        return out;
    }

    /** The long in the first column of the one row {@code sql} selects; 0 when there is none. */
    public static long scalarLong(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    /**
     * The checks {@link org.gridwatch.post.PlaceStore#upsertPlaces} makes before writing: no null list, no id twice.
     *
     * @return false when both lists are empty (nothing to write)
     * @throws StoreException naming a repeated id
     */
    public static boolean checkPlaces(List<SchoolPost> posts, List<KeyPlace> keyPlaces) {
        Objects.requireNonNull(posts, "posts");
        Objects.requireNonNull(keyPlaces, "keyPlaces");
        requireUniqueIds("upsertPlaces", "school post", posts, SchoolPost::id);
        requireUniqueIds("upsertPlaces", "key place", keyPlaces, KeyPlace::id);
        return !posts.isEmpty() || !keyPlaces.isEmpty();
    }

    /**
     * Refuses a batch naming the same id twice, before anything is written.
     *
     * @throws StoreException naming {@code op}, the {@code what} and the id
     */
    public static <T> void requireUniqueIds(String op, String what, List<T> items, Function<T, String> id) {
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            if (!seen.add(id.apply(item))) {
                throw new StoreException(op + " failed: " + what + " " + id.apply(item) + " appears twice in the batch;"
                        + " nothing was stored");
            }
        }
    }

    /** The value {@code parser} finds in {@code text}; an unknown identifier names its column. */
    public static <T> T parse(String text, Function<String, Optional<T>> parser, String column) {
        return parser.apply(text).orElseThrow(() -> new IllegalArgumentException(
                "unknown " + column + " \"" + text + "\""));
    }

    /** The area's geometry as the MultiPolygon the stores keep. */
    public static Geometry asMultiPolygon(AdminArea a) {
        Geometry g = a.geometry();
        if (g instanceof Polygon p) {
            return Geo.FACTORY.createMultiPolygon(new Polygon[] {p});
        }
        if (g instanceof MultiPolygon) {
            return g;
        }
        throw new IllegalArgumentException("area " + a.code() + " has a " + g.getGeometryType()
                + "; only Polygon and MultiPolygon are stored");
    }

    /** Binds {@code value}, or NULL for NaN (the stores' "unknown"). */
    public static void setDoubleOrNull(PreparedStatement ps, int index, double value) throws SQLException {
        if (Double.isNaN(value)) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** Binds {@code value}, or NULL for null. */
    public static void setNullableDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** The double in column {@code index}, NaN for NULL. */
    public static double nanIfNull(ResultSet rs, int index) throws SQLException {
        double v = rs.getDouble(index);
        return rs.wasNull() ? Double.NaN : v;
    }
}
