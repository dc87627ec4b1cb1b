package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.gridwatch.audit.AuditAction;
import org.gridwatch.audit.AuditChain;
import org.gridwatch.audit.AuditEvent;
import org.gridwatch.audit.AuditQuery;
import org.gridwatch.audit.AuditRecord;

/**
 * The audit trail: {@code audit_log}, one row per record, and {@code audit_head}, the one row
 * holding the end of the hash chain. Every append first updates the head row, which takes the
 * database's write lock (SQLite) or the row's lock (PostgreSQL), so appends of several processes
 * queue and each links to the record before it. Thread-safe.
 */
final class AuditTables {
    static final String LOG_TABLE = "audit_log";
    static final String HEAD = "audit_head";
    private static final int FETCH = 1000;

    private final Dialect dialect;
    private final Transactions tx;
    private final String insert;
    private final String select;

    AuditTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        insert = new Columns(dialect).plain("seq").time("at").plain("actor_kind", "actor_id", "actor_name", "address",
                "user_agent", "action", "route", "target", "outcome", "detail", "prev_hash", "hash").insertInto(LOG_TABLE);
        select = "SELECT seq, " + dialect.timeColumn("at") + ", actor_kind, actor_id, actor_name, address, user_agent,"
                + " action, route, target, outcome, detail, prev_hash, hash FROM " + LOG_TABLE;
    }

    List<AuditRecord> append(List<AuditEvent> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            return List.of();
        }
        return tx.write("appendAudit", events.size() + " records", c -> append(c, events));
    }

    private List<AuditRecord> append(Connection c, List<AuditEvent> events) throws SQLException {
        long seq;
        String hash;
        try (PreparedStatement lock = c.prepareStatement("UPDATE " + HEAD + " SET seq = seq WHERE id = 1")) {
            lock.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM " + HEAD + " WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the audit trail has no head row");
            }
            seq = rs.getLong(1);
            hash = rs.getString(2);
        }
        List<AuditRecord> out = new ArrayList<>(events.size());
        for (AuditEvent e : events) {
            AuditRecord r = AuditChain.link(++seq, hash, e);
            out.add(r);
            hash = r.hash();
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            Rows.batch(ps, out, Rows.BATCH_SIZE, this::bind);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + HEAD + " SET seq = ?, hash = ? WHERE id = 1")) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            ps.executeUpdate();
        }
        return out;
    }

    private void bind(PreparedStatement ps, AuditRecord r) throws SQLException {
        AuditEvent e = r.event();
        ps.setLong(1, r.seq());
        int p = dialect.bindTime(ps, 2, e.at());
        ps.setString(p++, e.actorKind());
        ps.setString(p++, e.actorId());
        ps.setString(p++, e.actorName());
        ps.setString(p++, e.address());
        ps.setString(p++, e.userAgent());
        ps.setString(p++, e.action().id());
        ps.setString(p++, e.route());
        ps.setString(p++, e.target());
        ps.setInt(p++, e.outcome());
        ps.setString(p++, e.detail());
        ps.setString(p++, r.prevHash());
        ps.setString(p, r.hash());
    }

    private AuditRecord record(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        AuditAction action = Rows.parse(rs.getString(8), AuditAction::parse, "action");
        AuditEvent e = new AuditEvent(dialect.time(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), action, rs.getString(9), rs.getString(10), rs.getInt(11),
                rs.getString(12));
        return new AuditRecord(seq, e, rs.getString(13), rs.getString(14));
    }

    void forEach(AuditQuery q, Consumer<AuditRecord> sink) {
        Objects.requireNonNull(q, "query");
        List<String> where = new ArrayList<>();
        if (q.from() != null) {
            where.add(dialect.timeColumn("at") + " >= ?");
        }
        if (q.to() != null) {
            where.add(dialect.timeColumn("at") + " < ?");
        }
        if (q.actorId() != null) {
            where.add("actor_id = ?");
        }
        if (q.action() != null) {
            where.add("action = ?");
        }
        if (q.afterSeq() != null) {
            where.add("seq > ?");
        }
        String sql = select + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY seq"
                + (q.limit() > 0 ? " LIMIT " + q.limit() : "");
        tx.read("forEachAudit", "", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                if (q.from() != null) {
                    dialect.bindTimeBound(ps, p++, q.from());
                }
                if (q.to() != null) {
                    dialect.bindTimeBound(ps, p++, q.to());
                }
                if (q.actorId() != null) {
                    ps.setString(p++, q.actorId());
                }
                if (q.action() != null) {
                    ps.setString(p++, q.action().id());
                }
                if (q.afterSeq() != null) {
                    ps.setLong(p, q.afterSeq());
                }
                ps.setFetchSize(FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(record(rs));
                    }
                }
            }
            return null;
        });
    }

    long deleteBefore(Instant before, AuditEvent retention) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(retention, "retention");
        return tx.write("deleteAuditBefore", "before " + before, c -> {
            try (PreparedStatement lock = c.prepareStatement("UPDATE " + HEAD + " SET seq = seq WHERE id = 1")) {
                lock.executeUpdate();
            }
            long head = Rows.scalarLong(c, "SELECT seq FROM " + HEAD + " WHERE id = 1");
            long firstKept;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM " + LOG_TABLE + " WHERE "
                    + dialect.timeColumn("at") + " >= ?")) {
                dialect.bindTimeBound(ps, 1, before);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    firstKept = rs.wasNull() ? head + 1 : v;
                }
            }
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + LOG_TABLE + " WHERE seq < ?")) {
                ps.setLong(1, firstKept);
                deleted = ps.executeUpdate();
            }
            if (deleted > 0) {
                append(c, List.of(new AuditEvent(retention.at(), retention.actorKind(), retention.actorId(),
                        retention.actorName(), retention.address(), retention.userAgent(), AuditAction.RETENTION,
                        retention.route(), AuditChain.firstKept(firstKept), retention.outcome(),
                        deleted + " records before " + before + " deleted")));
            }
            return (long) deleted;
        });
    }
}
