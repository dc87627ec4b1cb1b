package org.gridwatch.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gridwatch.post.SchoolCalendar;
import org.gridwatch.store.Store;
import org.gridwatch.store.geopackage.GeoPackageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CalendarImport}: a valid calendar replaces the stored one; an invalid one names the field and date and writes nothing. */
class CalendarImportTest {
    @TempDir
    Path dir;

    @Test
    void aValidCalendarIsStoredAndAnInvalidOneChangesNothing() throws Exception {
        Path file = dir.resolve("calendar.json");
        Files.copy(Path.of("config/school-calendar.json"), file);
        try (Store store = GeoPackageStore.open(dir.resolve("s.gpkg"), false)) {
            ImportReport r = CalendarImport.run(store, file);
            assertThat(r.written()).isTrue();
            SchoolCalendar shipped = SchoolCalendar.defaults();
            assertThat(r.entries()).hasSize(shipped.holidays().size() + shipped.workdays().size() + shipped.breaks().size());
            assertThat(r.entries().get(6).detail()).isEqualTo("holiday 国庆节");
            assertThat(r.entries().get(6).code()).isEqualTo("2026-10-01/2026-10-07");
            assertThat(store.loadCalendar()).contains(shipped);

            Files.writeString(file, Files.readString(file).replace("\"2026-10-10\"", "\"2026-10-12\""));
            ImportReport bad = CalendarImport.run(store, file);
            assertThat(bad.written()).isFalse();
            assertThat(bad.entries()).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(ImportReport.Outcome.REJECTED);
                assertThat(e.detail()).contains("workdays[5].date").contains("2026-10-12");
            });
            assertThat(bad.toText()).contains("nothing written");
            Files.writeString(file, "{not json");
            assertThat(CalendarImport.run(store, file).entries().get(0).detail()).startsWith("not a JSON object");
            assertThat(store.loadCalendar()).contains(shipped);
            assertThatThrownBy(() -> CalendarImport.run(store, dir.resolve("none.json"))).isInstanceOf(ImportException.class)
                    .hasMessageContaining("none.json");
        }
    }
}
