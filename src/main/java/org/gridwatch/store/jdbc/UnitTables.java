package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.Unit;
import org.gridwatch.patrol.UnitRecord;
import org.locationtech.jts.geom.Envelope;

/**
 * The unit roster ({@code units}): one row per unit with its status and last position
 * ({@code last_*} columns, all NULL before the first report; its point geometry NULL too).
 * Thread-safe.
 */
final class UnitTables {
    static final String UNITS = "units";

    private final Dialect dialect;
    private final Transactions tx;
    private final String select;
    private final String insert;
    private final String upsert;
    private final String update;
    /** Parameters: the last position ({@link #bindLastPosition}), the unit id, the position's time. */
    private final String moveLastPosition;

    UnitTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        select = "SELECT id, call_sign, kind, agency, home_county_code, home_township_code, demo, status, last_lon,"
                + " last_lat, " + dialect.timeColumn("last_time") + ", last_speed, last_heading, last_accuracy FROM "
                + UNITS + " ORDER BY id";
        Columns all = lastPositionColumns(new Columns(dialect).plain("id", "call_sign", "kind", "agency",
                "home_county_code", "home_township_code", "demo", "status"));
        insert = all.insertInto(UNITS);
        upsert = insert + " ON CONFLICT (id) DO UPDATE SET " + all.fromExcluded("id");
        update = "UPDATE " + UNITS + " SET " + lastPositionColumns(new Columns(dialect).plain("call_sign", "kind",
                "agency", "home_county_code", "home_township_code", "demo", "status")).assignments() + " WHERE id = ?";
        String last = dialect.timeColumn("last_time");
        moveLastPosition = "UPDATE " + UNITS + " SET " + lastPositionColumns(new Columns(dialect)).assignments()
                + " WHERE id = ? AND (" + last + " IS NULL OR " + last + " <= ?)";
    }

    /** The last-position columns in the order {@link #bindLastPosition} binds them. */
    private static Columns lastPositionColumns(Columns c) {
        return c.plain("last_lon", "last_lat").time("last_time").plain("last_speed", "last_heading", "last_accuracy")
                .pointGeometry();
    }

    List<UnitRecord> load() {
        return tx.read("loadUnits", "", c -> Rows.all(c, select, rs -> Rows.unit(rs, dialect::time)));
    }

    void upsert(List<UnitRecord> units) {
        Objects.requireNonNull(units, "units");
        if (units.isEmpty()) {
            return;
        }
        Rows.requireUniqueIds("upsertUnits", "unit", units, UnitRecord::id);
        tx.write("upsertUnits", units.size() + " units", c -> upsert(c, units));
    }

    /** The upsert of {@link #upsert(List)} inside the caller's transaction on {@code c}. */
    Void upsert(Connection c, List<UnitRecord> units) throws SQLException {
        Envelope extent = new Envelope();
        for (UnitRecord r : units) {
            if (r.lastPosition() != null) {
                extent.expandToInclude(r.lastPosition().lon(), r.lastPosition().lat());
            }
        }
        List<UnitRecord> missing = units;
        if (!dialect.upsertsInOneStatement()) {
            // Update the units stored already, then insert the others.
            missing = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(update)) {
                for (int from = 0; from < units.size(); from += Rows.BATCH_SIZE) {
                    List<UnitRecord> chunk = units.subList(from, Math.min(units.size(), from + Rows.BATCH_SIZE));
                    for (UnitRecord r : chunk) {
                        ps.setString(bindUnit(ps, 1, r), r.id());
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    for (int i = 0; i < chunk.size(); i++) {
                        if (counts[i] == 0) {
                            missing.add(chunk.get(i));
                        }
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(dialect.upsertsInOneStatement() ? upsert : insert)) {
            Rows.batch(ps, missing, Rows.BATCH_SIZE, (s, r) -> {
                s.setString(1, r.id());
                bindUnit(s, 2, r);
            });
        }
        dialect.changed(c, UNITS, extent);
        return null;
    }

    /** Binds every column but id (roster fields, status, last position) from {@code p}; returns the next index. */
    private int bindUnit(PreparedStatement s, int p, UnitRecord r) throws SQLException {
        Unit u = r.unit();
        s.setString(p, u.callSign());
        s.setString(p + 1, u.kind().id());
        s.setString(p + 2, u.agency());
        s.setString(p + 3, u.homeCountyCode());
        s.setString(p + 4, u.homeTownshipCode());
        s.setBoolean(p + 5, u.demo());
        s.setString(p + 6, r.status().id());
        return bindLastPosition(s, p + 7, r.lastPosition());
    }

    /**
     * Moves each unit's last position to {@code latest} (one position per unit), unless a newer
     * one is stored (on equal times the one given wins), units in the order given; then fails the
     * caller's transaction if a unit is not in the roster. Only the units whose row the update left
     * alone (a newer position stored, or no such unit: rare) are looked up, so a batch costs one
     * statement where the dialect has a bulk path ({@link Dialect#moveLastPositions}), else one
     * UPDATE per unit, and no query.
     *
     * @throws StoreException naming the first unknown unit in {@code positions} order
     */
    void moveLastPositions(Connection c, Collection<Position> latest, List<Position> positions) throws SQLException {
        Envelope extent = new Envelope();
        for (Position p : latest) {
            extent.expandToInclude(p.lon(), p.lat());
        }
        Set<String> unchanged = new HashSet<>();
        Set<String> moved = dialect.moveLastPositions(c, latest);
        if (moved != null) {
            for (Position p : latest) {
                if (!moved.contains(p.unitId())) {
                    unchanged.add(p.unitId());
                }
            }
        } else {
            moveRowByRow(c, latest, unchanged);
        }
        if (!unchanged.isEmpty()) {
            Set<String> known = Rows.existing(c, UNITS, "id", unchanged, rs -> rs.getString(1));
            for (Position p : positions) {
                if (unchanged.contains(p.unitId()) && !known.contains(p.unitId())) {
                    throw new StoreException("appendPositions failed: unit \"" + p.unitId()
                            + "\" is not in the roster; nothing was stored");
                }
            }
        }
        dialect.changed(c, UNITS, extent);
    }

    /** One UPDATE per unit (a JDBC batch); adds the units whose row it left alone to {@code unchanged}. */
    private void moveRowByRow(Connection c, Collection<Position> latest, Set<String> unchanged) throws SQLException {
        List<String> order = new ArrayList<>(latest.size());
        int[] counts;
        try (PreparedStatement up = c.prepareStatement(moveLastPosition)) {
            for (Position p : latest) {
                int next = bindLastPosition(up, 1, p);
                up.setString(next, p.unitId());
                dialect.bindTimeBound(up, next + 1, p.time());
                up.addBatch();
                order.add(p.unitId());
            }
            counts = up.executeBatch();
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                unchanged.add(order.get(i));
            }
        }
    }

    /**
     * Binds last_lon, last_lat, last_time, last_speed, last_heading, last_accuracy and the point
     * geometry of {@code pos} (all NULL for null) from parameter {@code p}.
     *
     * @return the next parameter index
     */
    private int bindLastPosition(PreparedStatement ps, int p, Position pos) throws SQLException {
        if (pos == null) {
            ps.setNull(p++, Types.DOUBLE);
            ps.setNull(p++, Types.DOUBLE);
            p = dialect.bindTime(ps, p, null);
            for (int i = 0; i < 3; i++) {
                ps.setNull(p++, Types.DOUBLE);
            }
            if (dialect.writesPointGeometry()) {
                ps.setNull(p++, Types.BLOB);
            }
            return p;
        }
        ps.setDouble(p++, pos.lon());
        ps.setDouble(p++, pos.lat());
        p = dialect.bindTime(ps, p, pos.time());
        Rows.setDoubleOrNull(ps, p++, pos.speed());
        Rows.setDoubleOrNull(ps, p++, pos.heading());
        Rows.setDoubleOrNull(ps, p++, pos.accuracy());
        if (dialect.writesPointGeometry()) {
            ps.setBytes(p++, dialect.encodePoint(pos.lon(), pos.lat()));
        }
        return p;
    }
}
