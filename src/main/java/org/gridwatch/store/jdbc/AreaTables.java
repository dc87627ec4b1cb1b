package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.error.StoreException;
import org.gridwatch.geo.Geo;
import org.gridwatch.store.jdbc.Dialect.AreaTable;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;

/**
 * Admin areas and grids, in the tables the dialect names ({@link Dialect#areaTables()}).
 * Geometries are stored as MultiPolygons (the declared type of every area table); a one-part
 * MultiPolygon reads back as a Polygon, the same point set. Areas load table by table, each in
 * code order. Thread-safe (stateless but for the statements' text).
 */
final class AreaTables {
    private final Dialect dialect;
    private final Transactions tx;
    private final Map<AdminLevel, AreaTable> tableOf = new HashMap<>();

    AreaTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        for (AreaTable t : dialect.areaTables()) {
            for (AdminLevel level : t.levels()) {
                tableOf.put(level, t);
            }
        }
        for (AdminLevel level : AdminLevel.values()) {
            Objects.requireNonNull(tableOf.get(level), () -> "no area table for level " + level);
        }
    }

    private static Columns columns(Dialect d, AreaTable t) {
        Columns c = new Columns(d).plain("code", "name", "parent_code", "population", "households", "area_sqm", "demo");
        if (t.levelColumn()) {
            c.plain("level");
        }
        if (t.gridWorkerColumn()) {
            c.plain("grid_worker");
        }
        return c.geometry();
    }

    List<AdminArea> load() {
        return tx.read("loadAreas", "", c -> {
            List<AdminArea> areas = new ArrayList<>();
            for (AreaTable t : dialect.areaTables()) {
                AdminLevel only = t.levels().size() == 1 ? t.levels().iterator().next() : null;
                String sql = "SELECT code, name, parent_code, population, households, area_sqm, demo, "
                        + (t.levelColumn() ? "level" : "NULL") + ", " + (t.gridWorkerColumn() ? "grid_worker" : "NULL")
                        + ", " + dialect.geometryResult("geom") + " FROM " + t.name() + " ORDER BY code";
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        areas.add(read(rs, t, only));
                    }
                }
            }
            return areas;
        });
    }

    private AdminArea read(ResultSet rs, AreaTable t, AdminLevel only) throws SQLException {
        String code = rs.getString(1);
        try {
            AdminLevel level = only != null ? only : Rows.parse(rs.getString(8), AdminLevel::parse, "level");
            Geometry g = dialect.decodeGeometry(rs.getBytes(10));
            if (g instanceof MultiPolygon mp && mp.getNumGeometries() == 1) {
                g = mp.getGeometryN(0);
            }
            g.setSRID(Geo.SRID);
            return new AdminArea(code, rs.getString(2), level, rs.getString(3), g, rs.getLong(4), rs.getLong(5),
                    rs.getDouble(6), rs.getString(9), rs.getBoolean(7));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unreadable area " + code + " in " + t.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Empties every area table and inserts {@code areas}, in JDBC batches. Refuses a code given
     * twice, or a geometry other than a (Multi)Polygon, naming it, before anything is written.
     */
    void replace(List<AdminArea> areas) {
        Objects.requireNonNull(areas, "areas");
        Rows.requireUniqueIds("replaceAreas", "area", areas, AdminArea::code);
        Map<AreaTable, List<AdminArea>> byTable = new LinkedHashMap<>();
        for (AreaTable t : dialect.areaTables()) {
            byTable.put(t, new ArrayList<>());
        }
        for (AdminArea a : areas) {
            try {
                Rows.asMultiPolygon(a);
            } catch (IllegalArgumentException e) {
                throw new StoreException("replaceAreas failed: " + e.getMessage() + "; nothing was stored", e);
            }
            byTable.get(tableOf.get(a.level())).add(a);
        }
        tx.write("replaceAreas", areas.size() + " areas", c -> {
            for (Map.Entry<AreaTable, List<AdminArea>> e : byTable.entrySet()) {
                insertAll(c, e.getKey(), e.getValue());
            }
            return null;
        });
    }

    private void insertAll(Connection c, AreaTable t, List<AdminArea> areas) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM " + t.name());
        }
        Envelope extent = new Envelope();
        try (PreparedStatement ps = c.prepareStatement(columns(dialect, t).insertInto(t.name()))) {
            Rows.batch(ps, areas, Rows.BATCH_SIZE, (s, a) -> {
                s.setString(1, a.code());
                s.setString(2, a.name());
                s.setString(3, a.parentCode());
                s.setLong(4, a.population());
                s.setLong(5, a.households());
                s.setDouble(6, a.areaSqm());
                s.setBoolean(7, a.demo());
                int p = 8;
                if (t.levelColumn()) {
                    s.setString(p++, a.level().id());
                }
                if (t.gridWorkerColumn()) {
                    s.setString(p++, a.gridWorker());
                }
                s.setBytes(p, dialect.encodeGeometry(Rows.asMultiPolygon(a)));
                extent.expandToInclude(a.geometry().getEnvelopeInternal());
            });
        }
        dialect.replaced(c, t.name(), extent);
    }
}
