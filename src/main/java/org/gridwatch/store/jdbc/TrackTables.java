package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gridwatch.patrol.Position;
import org.gridwatch.pipeline.ReadBudget;
import org.locationtech.jts.geom.Envelope;

/**
 * Position tracks ({@code tracks}, one row per position report, append-only but for retention)
 * and, in the same transaction, the units' last positions. Thread-safe.
 */
final class TrackTables {
    static final String TRACKS = "tracks";
    /** One row per position journal: the sequence number of its last entry stored here. */
    static final String JOURNAL_CHECKPOINTS = "journal_checkpoints";

    private final Dialect dialect;
    private final Transactions tx;
    private final UnitTables units;

    TrackTables(Dialect dialect, Transactions tx, UnitTables units) {
        this.dialect = dialect;
        this.tx = tx;
        this.units = units;
    }

    /**
     * Appends in one transaction: readies the days of the positions (may commit on its own, see
     * {@link Dialect#prepareTrackDays}), moves each unit's last position forward (units in id
     * order, so that writers of other processes on the same database cannot deadlock with this
     * one) and fails if a unit is not in the roster (the transaction rolls back: nothing is
     * written), then writes the track rows by the dialect's bulk path; with a {@code journal},
     * records {@code seq} as its checkpoint in the same transaction (also for an empty list).
     *
     * @param journal null, or the journal the positions come from
     */
    void append(List<Position> positions, String journal, long seq) {
        Objects.requireNonNull(positions, "positions");
        if (positions.isEmpty()) {
            if (journal != null) {
                tx.write("appendPositions", "checkpoint " + seq + " of journal " + journal, c -> {
                    setCheckpoint(c, journal, seq);
                    return null;
                });
            }
            return;
        }
        Map<String, Position> latest = new TreeMap<>();
        SortedSet<LocalDate> days = new TreeSet<>();
        Envelope extent = new Envelope();
        for (Position p : positions) {
            latest.merge(p.unitId(), p, (old, neu) -> neu.time().compareTo(old.time()) >= 0 ? neu : old);
            days.add(LocalDate.ofInstant(p.time(), ZoneOffset.UTC));
            extent.expandToInclude(p.lon(), p.lat());
        }
        tx.write("appendPositions", positions.size() + " positions of " + latest.size() + " units", c -> {
            dialect.prepareTrackDays(c, days);
            units.moveLastPositions(c, latest.values(), positions);
            dialect.insertTracks(c, positions);
            dialect.changed(c, TRACKS, extent);
            if (journal != null) {
                setCheckpoint(c, journal, seq);
            }
            return null;
        });
    }

    private static void setCheckpoint(Connection c, String journal, long seq) throws SQLException {
        // Both PostgreSQL and SQLite (3.24+) know this upsert.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + JOURNAL_CHECKPOINTS + " (journal, seq)"
                + " VALUES (?, ?) ON CONFLICT (journal) DO UPDATE SET seq = excluded.seq")) {
            ps.setString(1, journal);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    long checkpoint(String journal) {
        Objects.requireNonNull(journal, "journal");
        return tx.read("checkpoint", "journal " + journal, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM " + JOURNAL_CHECKPOINTS
                    + " WHERE journal = ?")) {
                ps.setString(1, journal);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    List<Position> track(String unitId, Instant from, Instant to, ReadBudget budget) {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(budget, "budget");
        if (!from.isBefore(to)) {
            return List.of();
        }
        return tx.read("track", "unit " + unitId + ", " + from + " .. " + to, c -> {
            List<Position> track = new ArrayList<>();
            budget.check();
            try (PreparedStatement ps = dialect.trackQuery(c, unitId, from, to)) {
                if (ps == null) {
                    return track;
                }
                read(ps, budget, rs -> track.add(new Position(unitId, rs.getDouble(1), rs.getDouble(2), dialect.time(rs, 3),
                        Rows.nanIfNull(rs, 4), Rows.nanIfNull(rs, 5), Rows.nanIfNull(rs, 6))));
            }
            return track;
        });
    }

    List<String> unitsPassed(Envelope bbox, Instant from, Instant to) {
        Objects.requireNonNull(bbox, "bbox");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (bbox.isNull() || !from.isBefore(to)) {
            return List.of();
        }
        return tx.read("unitsPassed", bbox + ", " + from + " .. " + to, c -> {
            try (PreparedStatement ps = boxQuery(c, "DISTINCT unit_id", bbox, from, to, " ORDER BY unit_id")) {
                return Rows.all(c, ps, rs -> rs.getString(1));
            }
        });
    }

    List<Position> positionsIn(Envelope bbox, Instant from, Instant to, ReadBudget budget) {
        Objects.requireNonNull(bbox, "bbox");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(budget, "budget");
        if (bbox.isNull() || !from.isBefore(to)) {
            return List.of();
        }
        return tx.read("positionsIn", bbox + ", " + from + " .. " + to, c -> {
            List<Position> found = new ArrayList<>();
            budget.check();
            try (PreparedStatement ps = boxQuery(c, "unit_id, lon, lat, " + dialect.timeColumn("time")
                    + ", speed, heading, accuracy", bbox, from, to, "")) {
                read(ps, budget, rs -> found.add(new Position(rs.getString(1), rs.getDouble(2), rs.getDouble(3),
                        dialect.time(rs, 4), Rows.nanIfNull(rs, 5), Rows.nanIfNull(rs, 6), Rows.nanIfNull(rs, 7))));
            }
            return found;
        });
    }

    /** Reads one row (the result set is on it). */
    @FunctionalInterface
    private interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code ps} within {@code budget}: the database stops after one row more than the budget
     * allows, a stop of the budget cancels the statement, and a statement failing because of the
     * stop ends as {@link ReadBudget.Stopped} (never as a store failure: the store is fine).
     */
    private static void read(PreparedStatement ps, ReadBudget budget, RowSink sink) throws SQLException {
        if (budget.maxRows() < Integer.MAX_VALUE) {
            ps.setMaxRows(budget.maxRows() + 1);
        }
        try (ReadBudget.Running running = budget.whileRunning(ps::cancel); ResultSet rs = ps.executeQuery()) {
            long rows = 0;
            while (rs.next()) {
                budget.checkRows(++rows);
                sink.accept(rs);
            }
        } catch (SQLException e) {
            budget.check();
            throw e;
        }
    }

    /**
     * {@code SELECT columns FROM tracks} of the rows inside {@code bbox} (boundary included, tested
     * on the stored doubles) in the window, by the dialect's index condition, then {@code tail}.
     */
    private PreparedStatement boxQuery(Connection c, String columns, Envelope bbox, Instant from, Instant to, String tail)
            throws SQLException {
        Dialect.Condition index = dialect.trackBoxCondition(c, bbox, from, to);
        String time = dialect.timeColumn("time");
        PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM " + TRACKS + " WHERE " + time
                + " >= ? AND " + time + " < ? AND lon >= ? AND lon <= ? AND lat >= ? AND lat <= ? AND "
                + index.sql() + tail);
        try {
            dialect.bindTimeBound(ps, 1, from);
            dialect.bindTimeBound(ps, 2, to);
            ps.setDouble(3, bbox.getMinX());
            ps.setDouble(4, bbox.getMaxX());
            ps.setDouble(5, bbox.getMinY());
            ps.setDouble(6, bbox.getMaxY());
            for (int i = 0; i < index.parameters().size(); i++) {
                ps.setObject(7 + i, index.parameters().get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** Track retention, one short write per call; see {@link org.gridwatch.patrol.UnitStore#deleteTracksBefore}. */
    boolean deleteBefore(LocalDate firstKeptDay, int maxPositions) {
        Objects.requireNonNull(firstKeptDay, "firstKeptDay");
        if (maxPositions < 1) {
            throw new IllegalArgumentException("maxPositions must be positive: " + maxPositions);
        }
        return tx.write("deleteTracksBefore", firstKeptDay + ", at most " + maxPositions + " positions", c -> {
            boolean done = dialect.deleteTracksBefore(c, firstKeptDay, maxPositions);
            dialect.changed(c, TRACKS, null);
            return done;
        });
    }
}
