package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.post.SchoolKind;

/**
 * The school calendar ({@code school_calendar}): one row per entry in file order ({@code seq}):
 * first the calendar itself ({@code entry = 'calendar'}: its name, range and note in
 * {@code detail}), then each holiday, make-up working day ({@code first_day = last_day}) and break
 * ({@code detail} its kind, {@code schools} the school kinds comma-separated). A replace deletes
 * every row and inserts the new calendar. Thread-safe.
 */
final class CalendarTables {
    static final String CALENDAR = "school_calendar";
    private static final String COLUMNS = "seq, entry, name, first_day, last_day, detail, schools";

    private final Dialect dialect;
    private final Transactions tx;
    private final String insert;

    CalendarTables(Dialect dialect, Transactions tx) {
        this.dialect = dialect;
        this.tx = tx;
        this.insert = new Columns(dialect).plain(COLUMNS.split(", ")).insertInto(CALENDAR);
    }

    /** One row of the table. */
    private record Entry(String entry, String name, LocalDate first, LocalDate last, String detail, String schools) {
    }

    void replace(SchoolCalendar calendar) {
        Objects.requireNonNull(calendar, "calendar");
        List<Entry> rows = new ArrayList<>();
        rows.add(new Entry("calendar", calendar.name(), calendar.from(), calendar.to(), calendar.note(), ""));
        calendar.holidays().forEach(h -> rows.add(new Entry("holiday", h.name(), h.first(), h.last(), "", "")));
        calendar.workdays().forEach(w -> rows.add(new Entry("workday", w.name(), w.date(), w.date(), "", "")));
        calendar.breaks().forEach(b -> rows.add(new Entry("break", b.kind().label(), b.first(), b.last(), b.kind().id(),
                String.join(",", b.schools().stream().sorted().map(SchoolKind::id).toList()))));
        tx.write("replaceCalendar", rows.size() + " entries of " + calendar.name(), c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + CALENDAR);
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                for (int i = 0; i < rows.size(); i++) {
                    Entry e = rows.get(i);
                    ps.setInt(1, i);
                    ps.setString(2, e.entry());
                    ps.setString(3, e.name());
                    dialect.bindDay(ps, 4, e.first());
                    dialect.bindDay(ps, 5, e.last());
                    ps.setString(6, e.detail());
                    ps.setString(7, e.schools());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    Optional<SchoolCalendar> load() {
        return tx.read("loadCalendar", "", c -> read(c));
    }

    private Optional<SchoolCalendar> read(Connection c) throws SQLException {
        List<Entry> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + CALENDAR + " ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Entry(rs.getString(2), rs.getString(3), dialect.day(rs, 4), dialect.day(rs, 5),
                        rs.getString(6), rs.getString(7)));
            }
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Entry head = rows.get(0);
        List<SchoolCalendar.Holiday> holidays = new ArrayList<>();
        List<SchoolCalendar.Workday> workdays = new ArrayList<>();
        List<SchoolCalendar.Break> breaks = new ArrayList<>();
        for (Entry e : rows.subList(1, rows.size())) {
            switch (e.entry()) {
                case "holiday" -> holidays.add(new SchoolCalendar.Holiday(e.name(), e.first(), e.last()));
                case "workday" -> workdays.add(new SchoolCalendar.Workday(e.first(), e.name()));
                case "break" -> {
                    Set<SchoolKind> kinds = EnumSet.noneOf(SchoolKind.class);
                    for (String k : e.schools().split(",")) {
                        kinds.add(Rows.parse(k, SchoolKind::parse, CALENDAR + ".schools"));
                    }
                    breaks.add(new SchoolCalendar.Break(Rows.parse(e.detail(), id -> org.gridwatch.vocab.Term.parse(
                            SchoolCalendar.BreakKind.class, id), CALENDAR + ".detail"), kinds, e.first(), e.last()));
                }
                default -> throw new SQLException(CALENDAR + " holds an entry of unknown kind '" + e.entry() + "'");
            }
        }
        return Optional.of(new SchoolCalendar(head.name(), head.first(), head.last(), holidays, workdays, breaks,
                head.detail()));
    }
}
