package org.gridwatch.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.gridwatch.analysis.DailyFigures;
import org.gridwatch.analysis.HistoryStore;
import org.gridwatch.area.AdminArea;
import org.gridwatch.incident.Category;

/**
 * A {@link ReportSource} whose patrol coverage, 护学岗到岗率 and 见警率 come from the stored daily
 * history ({@link HistoryStore}, written by {@link org.gridwatch.analysis.DailyHistory}) when the
 * day's final figures are stored, else from {@code live}, else from the stored figures of the day
 * so far; so a report of a day before the last restart still has them. Everything else is {@code live}'s. Blocking (a store read per figure): report
 * generation runs on a worker.
 */
public final class StoredHistorySource implements ReportSource {
    private final ReportSource live;
    private final HistoryStore history;

    public StoredHistorySource(ReportSource live, HistoryStore history) {
        this.live = live;
        this.history = history;
    }

    @Override
    public Map<Category, Long> incidentsByCategory(AdminArea area, LocalDate day) {
        return live.incidentsByCategory(area, day);
    }

    @Override
    public Response response(AdminArea area, LocalDate day) {
        return live.response(area, day);
    }

    @Override
    public OptionalLong overdue(AdminArea area, LocalDate day) {
        return live.overdue(area, day);
    }

    @Override
    public Optional<Rate> coverage(AdminArea area, LocalDate day) {
        return best(area, day, f -> f.grids() == 0 ? null : new Rate(f.gridsVisited(), f.grids()),
                () -> live.coverage(area, day));
    }

    @Override
    public Optional<Rate> onPost(AdminArea area, LocalDate day) {
        return best(area, day, f -> f.windowsDecided() == 0 ? null : new Rate(f.windowsOnTime(), f.windowsDecided()),
                () -> live.onPost(area, day));
    }

    @Override
    public Optional<Rate> visibility(AdminArea area, LocalDate day) {
        return best(area, day, f -> f.slots() == 0 ? null : new Rate(f.slotsSeen(), f.slots()),
                () -> live.visibility(area, day));
    }

    @Override
    public List<AlertTally> alerts(AdminArea area, LocalDate day) {
        return live.alerts(area, day);
    }

    @Override
    public String unavailable(String figure, AdminArea area, LocalDate day) {
        return live.unavailable(figure, area, day);
    }

    /**
     * The day's final stored figures of {@code area} (complete), else the live monitors' (fresher
     * for the running day), else the stored figures of a day still being measured.
     */
    private Optional<Rate> best(AdminArea area, LocalDate day, Function<DailyFigures, Rate> rate,
                                java.util.function.Supplier<Optional<Rate>> fromLive) {
        List<DailyFigures> stored = history.dailyFigures(area.code(), day, day);
        for (DailyFigures f : stored) {
            Rate r = rate.apply(f);
            if (f.complete() && r != null) {
                return Optional.of(r);
            }
        }
        Optional<Rate> now = fromLive.get();
        if (now.isPresent()) {
            return now;
        }
        return stored.stream().map(rate).filter(java.util.Objects::nonNull).findFirst();
    }
}
