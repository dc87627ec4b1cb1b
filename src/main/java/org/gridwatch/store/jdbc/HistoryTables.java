package org.gridwatch.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.analysis.DailyFigures;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;

/**
 * The daily duty history ({@code daily_history}): one row per local day and area, keyed by
 * {@code (day, area_code)}. An upsert deletes the rows of the days and areas given and inserts
 * them anew, in one transaction. Thread-safe.
 */
final class HistoryTables {
    static final String HISTORY = "daily_history";
    private static final String COUNTS = "windows_decided, windows_on_time, windows_late, windows_understaffed,"
            + " windows_missed, slots, slots_seen, grids, grids_visited, complete";

    private final Dialect dialect;
    private final Transactions tx;
    private final String insert;
    private final String delete;
    private final String byArea;
    private final String byDay;

    HistoryTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        String[] counts = COUNTS.split(", *");
        this.insert = new Columns(dialect).plain("day", "area_code", "level").plain(counts).time("updated_at")
                .insertInto(HISTORY);
        this.delete = "DELETE FROM " + HISTORY + " WHERE day = ? AND area_code = ?";
        String select = "SELECT day, area_code, level, " + COUNTS + ", " + dialect.timeColumn("updated_at") + " FROM "
                + HISTORY + " WHERE ";
        this.byArea = select + "area_code = ? AND day >= ? AND day <= ? ORDER BY day";
        this.byDay = select + "day = ? ORDER BY area_code";
    }

    void upsert(List<DailyFigures> figures) {
        Objects.requireNonNull(figures, "figures");
        Set<String> keys = new HashSet<>();
        for (DailyFigures f : figures) {
            if (!keys.add(f.day() + " " + f.areaCode())) {
                throw new StoreException(FailureKind.CONFLICT, "upsertDailyFigures failed: area " + f.areaCode()
                        + " on " + f.day() + " is given twice; nothing was stored", null);
            }
        }
        if (figures.isEmpty()) {
            return;
        }
        tx.write("upsertDailyFigures", figures.size() + " rows", c -> {
            try (PreparedStatement del = c.prepareStatement(delete); PreparedStatement ins = c.prepareStatement(insert)) {
                for (DailyFigures f : figures) {
                    dialect.bindDay(del, 1, f.day());
                    del.setString(2, f.areaCode());
                    del.addBatch();
                    dialect.bindDay(ins, 1, f.day());
                    ins.setString(2, f.areaCode());
                    ins.setString(3, f.level().id());
                    int[] v = {f.windowsDecided(), f.windowsOnTime(), f.windowsLate(), f.windowsUnderstaffed(),
                            f.windowsMissed(), f.slots(), f.slotsSeen(), f.grids(), f.gridsVisited()};
                    for (int i = 0; i < v.length; i++) {
                        ins.setInt(4 + i, v[i]);
                    }
                    ins.setBoolean(13, f.complete());
                    dialect.bindTime(ins, 14, f.updatedAt());
                    ins.addBatch();
                }
                del.executeBatch();
                ins.executeBatch();
            }
            return null;
        });
    }

    List<DailyFigures> byArea(String areaCode, LocalDate from, LocalDate to) {
        return tx.read("dailyFigures", areaCode + " " + from + "–" + to, c -> {
            try (PreparedStatement ps = c.prepareStatement(byArea)) {
                ps.setString(1, areaCode);
                dialect.bindDay(ps, 2, from);
                dialect.bindDay(ps, 3, to);
                return Rows.all(c, ps, this::row);
            }
        });
    }

    List<DailyFigures> byDay(LocalDate day) {
        return tx.read("dailyFigures", "day " + day, c -> {
            try (PreparedStatement ps = c.prepareStatement(byDay)) {
                dialect.bindDay(ps, 1, day);
                return Rows.all(c, ps, this::row);
            }
        });
    }

    private DailyFigures row(ResultSet rs) throws SQLException {
        return new DailyFigures(dialect.day(rs, 1), rs.getString(2),
                Rows.parse(rs.getString(3), AdminLevel::parse, HISTORY + ".level"), rs.getInt(4), rs.getInt(5),
                rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12),
                rs.getBoolean(13), dialect.time(rs, 14));
    }
}
