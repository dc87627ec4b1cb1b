package org.gridwatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridwatch.analysis.DailyFigures;
import org.gridwatch.analysis.HistoryStore;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.incident.Category;
import org.gridwatch.testsupport.WktCity;
import org.junit.jupiter.api.Test;

/** The report's duty figures: a day's final stored figures first, then the live monitors, then a day's partial ones. */
class StoredHistorySourceTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    static final AdminArea CITY = WktCity.hierarchy().city();

    /** The live monitors: they know the running day only (a rate of 1/2), nothing of earlier days. */
    static final ReportSource LIVE = new ReportSource() {
        @Override
        public Map<Category, Long> incidentsByCategory(AdminArea area, LocalDate day) {
            return Map.of();
        }

        @Override
        public Response response(AdminArea area, LocalDate day) {
            return null;
        }

        @Override
        public OptionalLong overdue(AdminArea area, LocalDate day) {
            return OptionalLong.empty();
        }

        private Optional<Rate> today(LocalDate day) {
            return day.equals(DAY.plusDays(2)) ? Optional.of(new Rate(1, 2)) : Optional.empty();
        }

        @Override
        public Optional<Rate> coverage(AdminArea area, LocalDate day) {
            return today(day);
        }

        @Override
        public Optional<Rate> onPost(AdminArea area, LocalDate day) {
            return today(day);
        }

        @Override
        public Optional<Rate> visibility(AdminArea area, LocalDate day) {
            return today(day);
        }

        @Override
        public List<AlertTally> alerts(AdminArea area, LocalDate day) {
            return List.of();
        }

        @Override
        public String unavailable(String figure, AdminArea area, LocalDate day) {
            return "无记录";
        }
    };

    static DailyFigures figures(LocalDate day, boolean complete) {
        // 到岗 9 of 10 windows, 见警 3 of 4 slots, 覆盖 5 of 8 grids.
        return new DailyFigures(day, CITY.code(), AdminLevel.CITY, 10, 9, 1, 0, 0, 4, 3, 8, 5, complete,
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void storedFinalFiguresFirstThenLiveThenPartial() {
        List<DailyFigures> rows = new ArrayList<>(List.of(figures(DAY, true), figures(DAY.plusDays(2), false),
                figures(DAY.plusDays(3), false)));
        HistoryStore store = new HistoryStore() {
            @Override
            public void upsertDailyFigures(List<DailyFigures> figures) {
                rows.addAll(figures);
            }

            @Override
            public List<DailyFigures> dailyFigures(String areaCode, LocalDate from, LocalDate to) {
                return rows.stream().filter(f -> f.areaCode().equals(areaCode) && !f.day().isBefore(from)
                        && !f.day().isAfter(to)).toList();
            }

            @Override
            public List<DailyFigures> dailyFigures(LocalDate day) {
                return rows.stream().filter(f -> f.day().equals(day)).toList();
            }
        };
        ReportSource s = new StoredHistorySource(LIVE, store);
        // A day before the restart: the stored final figures.
        assertThat(s.onPost(CITY, DAY)).contains(new ReportSource.Rate(9, 10));
        assertThat(s.visibility(CITY, DAY)).contains(new ReportSource.Rate(3, 4));
        assertThat(s.coverage(CITY, DAY)).contains(new ReportSource.Rate(5, 8));
        // Neither stored nor live: nothing.
        assertThat(s.onPost(CITY, DAY.plusDays(1))).isEmpty();
        // The running day: the live monitors are fresher than what was stored of it so far.
        assertThat(s.onPost(CITY, DAY.plusDays(2))).contains(new ReportSource.Rate(1, 2));
        // A day only partly stored and unknown to the monitors (a restart meanwhile): the stored part.
        assertThat(s.coverage(CITY, DAY.plusDays(3))).contains(new ReportSource.Rate(5, 8));
    }
}
