package org.gridwatch.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.gridwatch.store.StoredReport;

/**
 * The daily reports ({@code daily_reports}, one row per local day and area). The day is ISO text
 * ({@code 2026-12-01}) in both databases: one SQL text for both, and ISO order is date order. A
 * report saved again for its day and area replaces the row (delete and insert in one
 * transaction). Thread-safe.
 */
final class ReportTables {
    static final String REPORTS = "daily_reports";

    private final Dialect dialect;
    private final Transactions tx;
    private final String insert;
    private final String selectOne;
    private final String selectRange;

    ReportTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        insert = new Columns(dialect).plain("report_date", "area_code").time("generated_at")
                .plain("generated_by", "body").insertInto(REPORTS);
        String generated = dialect.timeColumn("generated_at");
        selectOne = "SELECT " + generated + ", generated_by, body FROM " + REPORTS
                + " WHERE report_date = ? AND area_code = ?";
        selectRange = "SELECT report_date, area_code, " + generated + ", generated_by FROM " + REPORTS
                + " WHERE report_date >= ? AND report_date <= ? ORDER BY report_date DESC, area_code";
    }

    void save(StoredReport r) {
        Objects.requireNonNull(r, "report");
        tx.write("saveReport", "report of " + r.date() + " for area " + r.areaCode(), c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + REPORTS
                    + " WHERE report_date = ? AND area_code = ?");
                 PreparedStatement ps = c.prepareStatement(insert)) {
                del.setString(1, r.date().toString());
                del.setString(2, r.areaCode());
                del.executeUpdate();
                ps.setString(1, r.date().toString());
                ps.setString(2, r.areaCode());
                int p = dialect.bindTime(ps, 3, r.generatedAt());
                ps.setString(p++, r.generatedBy());
                ps.setString(p, r.body());
                ps.executeUpdate();
            }
            return null;
        });
    }

    Optional<StoredReport> find(LocalDate date, String areaCode) {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(areaCode, "areaCode");
        return tx.read("report", "report of " + date + " for area " + areaCode, c -> {
            try (PreparedStatement ps = c.prepareStatement(selectOne)) {
                ps.setString(1, date.toString());
                ps.setString(2, areaCode);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredReport(date, areaCode, dialect.time(rs, 1),
                            rs.getString(2), rs.getString(3))) : Optional.<StoredReport>empty();
                }
            }
        });
    }

    List<StoredReport.Entry> entries(LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return tx.read("reportEntries", "reports of " + from + " .. " + to, c -> {
            List<StoredReport.Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(selectRange)) {
                ps.setString(1, from.toString());
                ps.setString(2, to.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StoredReport.Entry(LocalDate.parse(rs.getString(1)), rs.getString(2),
                                dialect.time(rs, 3), rs.getString(4)));
                    }
                }
            }
            return out;
        });
    }
}
