package org.gridwatch.store.jdbc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The columns a statement writes, in bind order, each with its parameter expression (usually
 * {@code ?}), as the dialect lays them out: an instant may take two columns, a point row may
 * write its geometry or leave it to the database. Builds the SQL text of INSERT and UPDATE
 * statements. Not thread-safe; build once, then share the strings.
 */
public final class Columns {
    private final Dialect dialect;
    private final List<String> names = new ArrayList<>();
    private final List<String> params = new ArrayList<>();

    public Columns(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Plain columns, one {@code ?} each. */
    public Columns plain(String... columns) {
        for (String c : columns) {
            names.add(c);
            params.add("?");
        }
        return this;
    }

    /** The columns of instant {@code name} ({@link Dialect#timeColumns}), bound by {@link Dialect#bindTime}. */
    public Columns time(String name) {
        for (String c : dialect.timeColumns(name)) {
            plain(c);
        }
        return this;
    }

    /** The {@code geom} column of a point row, when the dialect writes it ({@link Dialect#writesPointGeometry}). */
    public Columns pointGeometry() {
        return dialect.writesPointGeometry() ? plain("geom") : this;
    }

    /** The {@code geom} column of a non-point row, bound with {@link Dialect#encodeGeometry}. */
    public Columns geometry() {
        names.add("geom");
        params.add(dialect.geometryParameter());
        return this;
    }

    /** Column names, in bind order. */
    public List<String> names() {
        return Collections.unmodifiableList(names);
    }

    /** {@code INSERT INTO table (a, b) VALUES (?, ?)}. */
    public String insertInto(String table) {
        return "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES (" + String.join(", ", params) + ")";
    }

    /** {@code a = ?, b = ?}, for UPDATE. */
    public String assignments() {
        List<String> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            out.add(names.get(i) + " = " + params.get(i));
        }
        return String.join(", ", out);
    }

    /** {@code a = excluded.a, b = excluded.b} for every column but {@code key}, for an upsert. */
    public String fromExcluded(String key) {
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            if (!n.equals(key)) {
                out.add(n + " = excluded." + n);
            }
        }
        return String.join(", ", out);
    }
}
