package org.gridwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/**
 * Grouping by kind and area on the WKT city (county 甲区 371602 with township 甲街道, county 乙区
 * 371603 with township 乙镇): the level follows the jurisdiction, titles count, groups and members
 * are ordered by severity then newest, and a group's members are the same whoever asks.
 */
class AlertGroupsTest {
    static final AreaHierarchy AREAS = WktCity.hierarchy();
    static final AlertGroups GROUPS = new AlertGroups(AREAS);
    static final Instant T = Instant.parse("2026-12-01T00:00:00Z");
    static final String JIA_GRID_1 = "371602001001001";
    static final String JIA_GRID_2 = "371602001001002";
    static final String YI_GRID = "371603001001001";

    static Alert alert(long id, String kind, String severity, String area, int minute) {
        return new Alert(id, kind, severity, "告警" + id, null, area, null, null, T.plusSeconds(60L * minute), null, null);
    }

    static AdminArea area(String code) {
        return AREAS.find(code).orElseThrow();
    }

    /** Two kinds in two counties, and one alert without an area. */
    static final List<Alert> OPEN = List.of(
            alert(1, "post_unstaffed", "warning", JIA_GRID_1, 1),
            alert(2, "post_unstaffed", "critical", JIA_GRID_2, 2),
            alert(3, "post_unstaffed", "warning", JIA_GRID_1, 3),
            alert(4, "post_unstaffed", "warning", YI_GRID, 4),
            alert(5, "grid_uncovered", "warning", JIA_GRID_2, 5),
            alert(6, "grid_uncovered", "warning", YI_GRID, 9),
            alert(7, "near_repeat", "info", null, 10),
            alert(8, "grid_uncovered", "info", "371603", 11));

    @Test
    void theCityIsGroupedByCountyMostSevereFirstThenNewest() {
        assertThat(AlertGroups.levelFor(new Scope(AREAS.city()))).isEqualTo(AdminLevel.COUNTY);
        List<AlertGroup> g = GROUPS.group(OPEN, AdminLevel.COUNTY);
        assertThat(g).extracting(AlertGroup::id).containsExactly(
                "post_unstaffed.county.371602",     // critical
                "grid_uncovered.county.371603",     // warning, newest 9 (and the info one at 11)
                "grid_uncovered.county.371602",     // warning, 5
                "post_unstaffed.county.371603",     // warning, 4
                "near_repeat.county.371600");       // info
        AlertGroup jia = g.get(0);
        assertThat(jia.title()).isEqualTo("甲区 3 个护学岗到岗不足");
        assertThat(jia.count()).isEqualTo(3);
        assertThat(jia.severity()).isEqualTo("critical");
        assertThat(jia.newest()).isEqualTo(T.plusSeconds(180));
        assertThat(jia.members()).containsExactly(2L, 3L, 1L);     // critical first, then newest
        assertThat(jia.areaName()).isEqualTo("甲区");
        AlertGroup yiUncovered = g.get(1);
        assertThat(yiUncovered.members()).containsExactly(6L, 8L);
        assertThat(yiUncovered.severity()).isEqualTo("warning");
        assertThat(yiUncovered.newest()).isEqualTo(T.plusSeconds(660));
        assertThat(yiUncovered.title()).isEqualTo("乙区 2 个网格长时未巡");
        // No area: under the city.
        assertThat(g.get(4).title()).isEqualTo("城 1 处近重复风险");
        assertThat(g.stream().mapToInt(AlertGroup::count).sum()).isEqualTo(OPEN.size());
    }

    @Test
    void oneCountyIsGroupedByTownshipAndCoarserAreasStayThemselves() {
        Scope yi = new Scope(area("371603"));
        assertThat(AlertGroups.levelFor(yi)).isEqualTo(AdminLevel.TOWNSHIP);
        assertThat(AlertGroups.levelFor(new Scope(area("371602001")))).isEqualTo(AdminLevel.TOWNSHIP);
        assertThat(AlertGroups.levelFor(new Scope(List.of(area("371602001"), area("371603001")))))
                .as("two townships of two counties").isEqualTo(AdminLevel.COUNTY);
        List<AlertGroup> g = GROUPS.group(OPEN, AdminLevel.TOWNSHIP);
        assertThat(g).extracting(AlertGroup::id).contains("post_unstaffed.township.371602001",
                "grid_uncovered.township.371603001", "grid_uncovered.township.371603", "near_repeat.township.371600");
        AlertGroup town = g.stream().filter(x -> x.id().equals("grid_uncovered.township.371603001")).findFirst().orElseThrow();
        assertThat(town.title()).isEqualTo("乙镇 1 个网格长时未巡");
        assertThat(town.members()).containsExactly(6L);
        // The county-coded alert is a group of its own at township level, and not a member of 乙镇's.
        AlertGroups.Key county = AlertGroups.Key.parse("grid_uncovered.township.371603");
        assertThat(OPEN.stream().filter(GROUPS.members(county)).map(Alert::id)).containsExactly(8L);
    }

    @Test
    void membersAreWhatTheGroupingPutsThere() {
        for (AdminLevel level : AlertGroups.LEVELS) {
            for (AlertGroup g : GROUPS.group(OPEN, level)) {
                assertThat(OPEN.stream().filter(GROUPS.members(g.key())).map(Alert::id).sorted())
                        .as(g.id()).containsExactlyElementsOf(g.members().stream().sorted().toList());
                assertThat(AlertGroups.Key.parse(g.id())).isEqualTo(g.key());
            }
        }
    }

    @Test
    void otherKindsAndSeveritiesReadAndSortSensibly() {
        List<AlertGroup> g = GROUPS.group(List.of(alert(1, "incident_overdue", "urgent?", JIA_GRID_1, 5),
                alert(2, "near_repeat", "info", JIA_GRID_1, 1)), AdminLevel.COUNTY);
        assertThat(g).extracting(AlertGroup::title).containsExactly("甲区 1 处近重复风险", "甲区 1 条告警（incident_overdue）");
        assertThat(AlertGroups.title("乙区", 4, "post_unstaffed")).isEqualTo("乙区 4 个护学岗到岗不足");
        assertThat(GROUPS.group(List.of(), AdminLevel.COUNTY)).isEmpty();
    }

    @Test
    void groupIdsAreCheckedWhenParsed() {
        assertThat(AlertGroups.Key.parse("post_unstaffed.township.371602001"))
                .isEqualTo(new AlertGroups.Key("post_unstaffed", AdminLevel.TOWNSHIP, "371602001"));
        for (String bad : new String[] {"", "post_unstaffed", "post_unstaffed.county", "Post.county.371602",
            "post_unstaffed.grid.371602001001001", "post_unstaffed.county.371602001", "post_unstaffed.county.37160x",
            "post_unstaffed.township.3716020", "a.county.371602.x"}) {
            assertThatThrownBy(() -> AlertGroups.Key.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
