package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.gridwatch.alert.Alert;
import org.gridwatch.error.DuplicateIdException;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.locationtech.jts.geom.Envelope;

/**
 * Alerts ({@code alerts}, one row each; no place: lon, lat and the point geometry NULL). An alert
 * is acknowledged once. Thread-safe.
 */
final class AlertTables {
    static final String ALERTS = "alerts";
    private static final String COLUMNS = "id, kind, severity, title, detail, area_code, lon, lat";

    private final Dialect dialect;
    private final Transactions tx;
    private final String insert;
    private final String ack;
    private final String select;
    private final String ackedBy;

    AlertTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        insert = new Columns(dialect).plain(COLUMNS.split(", ")).time("raised_at").time("acked_at").plain("acked_by")
                .pointGeometry().insertInto(ALERTS);
        String acked = dialect.timeColumn("acked_at");
        ack = "UPDATE " + ALERTS + " SET " + new Columns(dialect).time("acked_at").plain("acked_by").assignments()
                + " WHERE id = ? AND " + acked + " IS NULL";
        select = "SELECT " + COLUMNS + ", " + dialect.timeColumn("raised_at") + ", " + acked + ", acked_by FROM "
                + ALERTS + " WHERE " + dialect.timeColumn("raised_at") + " >= ? ORDER BY id";
        ackedBy = "SELECT acked_by, " + acked + " FROM " + ALERTS + " WHERE id = ?";
    }

    void insert(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        try {
            tx.write("insertAlert", "id " + alert.id(), c -> {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setLong(1, alert.id());
                    ps.setString(2, alert.kind());
                    ps.setString(3, alert.severity());
                    ps.setString(4, alert.title());
                    ps.setString(5, alert.detail());
                    ps.setString(6, alert.areaCode());
                    Rows.setNullableDouble(ps, 7, alert.lon());
                    Rows.setNullableDouble(ps, 8, alert.lat());
                    int p = dialect.bindTime(ps, 9, alert.raisedAt());
                    p = dialect.bindTime(ps, p, alert.ackedAt());
                    ps.setString(p++, alert.ackedBy());
                    if (dialect.writesPointGeometry()) {
                        if (alert.lon() == null) {
                            ps.setNull(p, Types.BLOB);
                        } else {
                            ps.setBytes(p, dialect.encodePoint(alert.lon(), alert.lat()));
                        }
                    }
                    ps.executeUpdate();
                }
                Envelope at = new Envelope();
                if (alert.lon() != null) {
                    at.expandToInclude(alert.lon(), alert.lat());
                }
                dialect.changed(c, ALERTS, at);
                return null;
            });
        } catch (StoreException e) {
            if (tx.isUniqueViolation(e)) {
                throw new DuplicateIdException("insertAlert failed: alert id " + alert.id() + " exists already;"
                        + " nothing was stored", e.getCause());
            }
            throw e;
        }
    }

    void ack(long id, String by, Instant at) {
        ackAll(List.of(id), by, at);
    }

    /** All of {@code ids} acknowledged in one transaction, or none (the first that cannot be is named). */
    void ackAll(List<Long> ids, String by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        String op = ids.size() == 1 ? "ackAlert" : "ackAlerts";
        if (ids.isEmpty()) {
            return;
        }
        tx.write(op, ids.size() == 1 ? "id " + ids.get(0) : ids.size() + " alerts", c -> {
            try (PreparedStatement ps = c.prepareStatement(ack)) {
                for (long id : ids) {
                    int p = dialect.bindTime(ps, 1, at);
                    ps.setString(p++, by);
                    ps.setLong(p, id);
                    if (ps.executeUpdate() != 1) {
                        throw refusal(c, op, id);   // the transaction is rolled back: nothing was changed
                    }
                }
            }
            dialect.changed(c, ALERTS, null);
            return null;
        });
    }

    /** Why alert {@code id} could not be acknowledged: there is none, or it was acknowledged already. */
    private StoreException refusal(Connection c, String op, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ackedBy)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new StoreException(FailureKind.NOT_FOUND, op + " failed: no alert with id " + id
                            + "; nothing was changed", null);
                }
                return new StoreException(FailureKind.CONFLICT, op + " failed: alert " + id
                        + " was acknowledged already by " + rs.getString(1) + " at " + dialect.time(rs, 2)
                        + "; nothing was changed", null);
            }
        }
    }

    List<Alert> load(Instant since) {
        Objects.requireNonNull(since, "since");
        return tx.read("loadAlerts", "since " + since, c -> {
            try (PreparedStatement ps = c.prepareStatement(select)) {
                dialect.bindTimeBound(ps, 1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Alert> alerts = new ArrayList<>();
                    while (rs.next()) {
                        alerts.add(Rows.alert(rs, dialect::time));
                    }
                    return alerts;
                }
            }
        });
    }

    long maxId() {
        return tx.read("maxAlertId", "", c -> Rows.scalarLong(c, "SELECT COALESCE(MAX(id), 0) FROM " + ALERTS));
    }
}
