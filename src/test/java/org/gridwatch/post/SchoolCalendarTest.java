package org.gridwatch.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * {@link SchoolCalendar}: the rules in their order on the shipped 2026 calendar (holidays, make-up
 * working days, breaks per school kind, weekends, days not covered), the file form's round trip,
 * and refusals that name the field and the date.
 */
class SchoolCalendarTest {
    static final SchoolCalendar SHIPPED = SchoolCalendar.defaults();

    static SchoolCalendar.Verdict v(String date, SchoolKind kind) {
        return SHIPPED.verdict(LocalDate.parse(date), kind);
    }

    @Test
    void aNationalHolidayIsNoSchoolDayForAnyKind() {
        for (SchoolKind k : SchoolKind.values()) {
            assertThat(v("2026-10-01", k)).isEqualTo(new SchoolCalendar.Verdict(false, "国庆节"));
            assertThat(v("2026-10-07", k)).isEqualTo(new SchoolCalendar.Verdict(false, "国庆节"));
            assertThat(v("2026-10-08", k)).isEqualTo(new SchoolCalendar.Verdict(true, SchoolCalendar.CLASSES));
            assertThat(v("2026-05-05", k).reason()).isEqualTo("劳动节");
        }
        assertThat(LocalDate.parse("2026-10-01").getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
    }

    @Test
    void aWeekendMakeUpWorkingDayIsASchoolDay() {
        // 国庆节调休: Saturday 10 October and Sunday 20 September 2026 are worked.
        assertThat(LocalDate.parse("2026-10-10").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(v("2026-10-10", SchoolKind.PRIMARY)).isEqualTo(new SchoolCalendar.Verdict(true, SchoolCalendar.MAKE_UP));
        assertThat(v("2026-09-20", SchoolKind.MIDDLE)).isEqualTo(new SchoolCalendar.Verdict(true, SchoolCalendar.MAKE_UP));
        // The weekend next to it is not.
        assertThat(v("2026-10-11", SchoolKind.PRIMARY)).isEqualTo(new SchoolCalendar.Verdict(false, SchoolCalendar.WEEKEND));
        assertThat(v("2026-10-17", SchoolKind.PRIMARY)).isEqualTo(new SchoolCalendar.Verdict(false, SchoolCalendar.WEEKEND));
    }

    @Test
    void oneSchoolKindIsOnWinterBreakWhileAnotherIsNot() {
        // Monday 26 January 2026: primary schools and kindergartens broke up on the 24th, middle schools on the 31st.
        assertThat(v("2026-01-26", SchoolKind.PRIMARY)).isEqualTo(new SchoolCalendar.Verdict(false, "寒假"));
        assertThat(v("2026-01-26", SchoolKind.KINDERGARTEN)).isEqualTo(new SchoolCalendar.Verdict(false, "寒假"));
        assertThat(v("2026-01-26", SchoolKind.MIDDLE)).isEqualTo(new SchoolCalendar.Verdict(true, SchoolCalendar.CLASSES));
        assertThat(v("2026-02-02", SchoolKind.MIDDLE).reason()).isEqualTo("寒假");
        // A make-up working day inside the break is still a break day (students are on holiday).
        assertThat(v("2026-02-28", SchoolKind.MIDDLE)).isEqualTo(new SchoolCalendar.Verdict(false, "寒假"));
        assertThat(v("2026-03-02", SchoolKind.MIDDLE).schoolDay()).isTrue();
        assertThat(v("2026-07-06", SchoolKind.PRIMARY).reason()).isEqualTo("暑假");
        assertThat(v("2026-07-06", SchoolKind.MIDDLE).schoolDay()).isTrue();
        // The winter break of 2026/27, for a demo in January 2027.
        assertThat(v("2027-01-18", SchoolKind.PRIMARY).reason()).isEqualTo("寒假");
        assertThat(v("2027-01-18", SchoolKind.MIDDLE).schoolDay()).isTrue();
        assertThat(v("2027-01-01", SchoolKind.MIDDLE).reason()).isEqualTo("元旦");
    }

    @Test
    void daysOutsideTheCalendarFallBackToMondayToFriday() {
        assertThat(SHIPPED.covers(LocalDate.parse("2027-03-01"))).isFalse();
        assertThat(v("2027-03-01", SchoolKind.PRIMARY)).isEqualTo(new SchoolCalendar.Verdict(true, SchoolCalendar.CLASSES));
        assertThat(v("2027-03-06", SchoolKind.PRIMARY)).isEqualTo(new SchoolCalendar.Verdict(false, SchoolCalendar.WEEKEND));
        assertThat(v("2025-10-01", SchoolKind.PRIMARY).schoolDay()).as("2025's holidays are not in it").isTrue();
    }

    @Test
    void theFileFormRoundTripsAndTheShippedFileIsTheDefault() throws Exception {
        assertThat(SchoolCalendar.fromJson(SHIPPED.toJson())).isEqualTo(SHIPPED);
        SchoolCalendar file = SchoolCalendar.fromJson(new JsonObject(Files.readString(Path.of("config/school-calendar.json"))));
        assertThat(file).isEqualTo(SHIPPED);
        assertThat(SHIPPED.holidays()).hasSize(8);
        assertThat(SHIPPED.workdays()).extracting(w -> w.date().toString()).containsExactly("2026-01-04", "2026-02-14",
                "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");
    }

    /** The shipped calendar with one field changed. */
    static JsonObject with(String array, int index, String field, Object value) {
        JsonObject j = SHIPPED.toJson();
        j.getJsonArray(array).getJsonObject(index).put(field, value);
        return j;
    }

    @Test
    void errorsNameTheFieldAndTheDate() {
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("workdays", 2, "date", "2026-10-12")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workdays[2].date")
                .hasMessageContaining("2026-10-12").hasMessageContaining("MONDAY");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("workdays", 0, "date", "2026-10-03")))
                .hasMessageContaining("workdays[0].date").hasMessageContaining("2026-10-03").hasMessageContaining("国庆节");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("holidays", 6, "to", "2026-02-31")))
                .hasMessageContaining("holidays[6].to").hasMessageContaining("2026-02-31");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("holidays", 6, "to", "2026-09-30")))
                .hasMessageContaining("holidays[6].to").hasMessageContaining("2026-09-30");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("holidays", 5, "to", "2026-10-02")))
                .hasMessageContaining("holidays[6]").hasMessageContaining("overlaps holidays[5]");
        // Breaks of different kinds may overlap (primary and middle winter breaks do); of one kind they may not.
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("breaks", 2, "from", "2026-02-20")))
                .hasMessageContaining("breaks[2]").hasMessageContaining("overlaps breaks[0]")
                .hasMessageContaining("on 2026-02-20");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("breaks", 0, "schools",
                new io.vertx.core.json.JsonArray().add("primary").add("university"))))
                .hasMessageContaining("breaks[0].schools").hasMessageContaining("university");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("breaks", 0, "kind", "spring")))
                .hasMessageContaining("breaks[0].kind").hasMessageContaining("spring");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(with("holidays", 0, "from", "2025-12-31")))
                .hasMessageContaining("holidays[0]").hasMessageContaining("2025-12-31").hasMessageContaining("outside");
        assertThatThrownBy(() -> SchoolCalendar.fromJson(SHIPPED.toJson().put("year", 2026)))
                .hasMessageContaining("year").hasMessageContaining("unknown field");
    }
}
