package org.gridwatch.imports;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.post.SchoolKind;
import org.gridwatch.store.Store;

/**
 * Imports a school calendar (校历, the JSON form of {@link SchoolCalendar#fromJson}) into a
 * {@link Store}, replacing the one stored ({@link Store#replaceCalendar}); the server uses it from
 * its next start, in preference to the configured {@code posts.calendar}.
 *
 * <p>The file is checked whole first: a calendar with any error (the report's one rejected entry
 * names the field and the date, e.g. {@code workdays[2].date: 2026-10-12 is a MONDAY; …}) writes
 * nothing. Otherwise the report has one entry per holiday, make-up working day and break, with its
 * dates as the code. Stateless; thread-safe. Blocking.
 */
public final class CalendarImport {
    private CalendarImport() {
    }

    /**
     * Checks {@code file} and, when it is a valid calendar, stores it.
     *
     * @throws ImportException when the file cannot be read
     */
    public static ImportReport run(Store store, Path file) {
        String layer = file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        SchoolCalendar calendar;
        try {
            calendar = SchoolCalendar.fromJson(new JsonObject(text));
        } catch (DecodeException e) {
            return rejected(layer, "not a JSON object: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return rejected(layer, e.getMessage());
        }
        List<ImportReport.Entry> entries = new ArrayList<>();
        for (SchoolCalendar.Holiday h : calendar.holidays()) {
            entries.add(entry(layer, entries.size(), h.first() + "/" + h.last(), "holiday " + h.name()));
        }
        for (SchoolCalendar.Workday w : calendar.workdays()) {
            entries.add(entry(layer, entries.size(), w.date().toString(), SchoolCalendar.MAKE_UP + " " + w.name()));
        }
        for (SchoolCalendar.Break b : calendar.breaks()) {
            entries.add(entry(layer, entries.size(), b.first() + "/" + b.last(), b.kind().label() + " "
                    + String.join(",", b.schools().stream().sorted().map(SchoolKind::id).toList())));
        }
        store.replaceCalendar(calendar);
        return new ImportReport(entries, true, null);
    }

    private static ImportReport.Entry entry(String layer, int index, String code, String detail) {
        return new ImportReport.Entry(layer, index, code, ImportReport.Outcome.IMPORTED, detail);
    }

    private static ImportReport rejected(String layer, String why) {
        return new ImportReport(List.of(new ImportReport.Entry(layer, 0, null, ImportReport.Outcome.REJECTED, why)), false,
                null);
    }
}
