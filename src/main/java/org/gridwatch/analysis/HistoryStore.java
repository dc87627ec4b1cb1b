package org.gridwatch.analysis;

import java.time.LocalDate;
import java.util.List;

/**
 * The daily duty history ({@link DailyFigures}) in the system of record: one row per local day
 * and area (city, county, township), so that the figures survive restarts.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed); a
 * failed write throws {@link org.gridwatch.error.StoreException} and leaves the store unchanged.
 * Implementations are thread-safe.
 */
public interface HistoryStore {
    /**
     * Inserts or replaces the figures given, in one transaction (all or nothing): a row of a day
     * and area stored already is replaced entirely; rows not named are left alone.
     *
     * @throws org.gridwatch.error.StoreException if the list names one day and area twice (the
     *                                            message names them) or the write fails
     */
    void upsertDailyFigures(List<DailyFigures> figures);

    /** The figures of area {@code areaCode} from day {@code from} to day {@code to} (both inclusive), in day order. */
    List<DailyFigures> dailyFigures(String areaCode, LocalDate from, LocalDate to);

    /** Every area's figures of day {@code day}, in area-code order. */
    List<DailyFigures> dailyFigures(LocalDate day);
}
