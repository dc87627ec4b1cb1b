package org.gridwatch.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.gridwatch.geo.Crs;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Source;
import org.gridwatch.incident.Status;
import org.gridwatch.incident.Transition;
import org.junit.jupiter.api.Test;

/** Rules by source, category and grade; the shipped file is the built-in defaults; errors name rule and field. */
class TimeLimitsTest {
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");
    static final Instant T0 = Instant.parse("2026-12-04T01:00:00Z"); // Friday 09:00 local

    static Incident incident(long id, Source source, Category category, int severity) {
        return new Incident(id, source, null, category, severity, 118.0, 37.4, Crs.WGS84, 118.0, 37.4, "371602001001001",
                "事件", "", T0, T0, Status.REPORTED, null, List.of(new Transition(null, Status.REPORTED, "接警员", T0, null)));
    }

    @Test
    void theShippedFileIsTheBuiltInDefaults() throws Exception {
        JsonObject file = new JsonObject(Files.readString(Path.of("config/time-limits.json")));
        assertThat(TimeLimits.fromJson(file, CITY)).isEqualTo(TimeLimits.defaults(CITY));
    }

    @Test
    void callsAreLimitedInMinutesAndGridMattersInWorkingDays() {
        TimeLimits limits = TimeLimits.defaults(CITY);
        Map<CaseStep, Instant> grave = limits.deadlines(incident(1, Source.POLICE_CALL, Category.CRIMINAL, 2),
                WorkingDays.WEEKDAYS);
        assertThat(grave).containsEntry(CaseStep.ACCEPT, T0.plusSeconds(60)).containsEntry(CaseStep.ARRIVE,
                T0.plusSeconds(300)).doesNotContainKey(CaseStep.SUPERVISION);
        Map<CaseStep, Instant> call = limits.deadlines(incident(2, Source.POLICE_CALL, Category.CRIMINAL, 3),
                WorkingDays.WEEKDAYS);
        assertThat(call).containsEntry(CaseStep.ARRIVE, T0.plusSeconds(900));
        Map<CaseStep, Instant> grid = limits.deadlines(incident(3, Source.GRID_REPORT, Category.DISPUTE, 4),
                WorkingDays.WEEKDAYS);
        assertThat(grid.get(CaseStep.ACCEPT)).isEqualTo(Instant.parse("2026-12-07T16:00:00Z"));
        assertThat(grid.get(CaseStep.CLOSE)).isEqualTo(Instant.parse("2026-12-11T16:00:00Z"));
    }

    @Test
    void aFileWithMistakesIsRefusedNamingRuleAndField() {
        String ok = "{\"sources\":[\"police_call\",\"citizen\",\"video\",\"hotline\",\"grid_report\"],"
                + "\"accept\":\"5m\",\"arrive\":\"20m\",\"handle\":\"2h\",\"close\":\"3wd\"}";
        assertThat(TimeLimits.fromJson(new JsonObject("{\"rules\":[" + ok + "]}"), CITY).rules()).hasSize(1);
        assertThatThrownBy(() -> TimeLimits.fromJson(new JsonObject("{\"rules\":[" + ok.replace("\"20m\"", "\"20x\"")
                + "]}"), CITY)).hasMessageContaining("rules[0]: arrive");
        assertThatThrownBy(() -> TimeLimits.fromJson(new JsonObject("{\"rules\":[" + ok.replace(",\"close\":\"3wd\"", "")
                + "]}"), CITY)).hasMessageContaining("rules[0]: close");
        assertThatThrownBy(() -> TimeLimits.fromJson(new JsonObject("{\"rules\":[" + ok.replace("\"video\",", "")
                + "]}"), CITY)).hasMessageContaining("video");
        assertThatThrownBy(() -> TimeLimits.fromJson(new JsonObject("{\"rules\":[" + ok.replace("police_call", "radio")
                + "]}"), CITY)).hasMessageContaining("rules[0]: sources").hasMessageContaining("radio");
        assertThatThrownBy(() -> TimeLimits.fromJson(new JsonObject("{\"rules\":[" + ok.replace("{", "{\"atLeast\":7,")
                + "]}"), CITY)).hasMessageContaining("rules[0]: atLeast");
        assertThatThrownBy(() -> TimeLimits.fromJson(new JsonObject("{\"rulez\":[]}"), CITY)).hasMessageContaining("rulez");
    }
}
