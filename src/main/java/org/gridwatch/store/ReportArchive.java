package org.gridwatch.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The daily reports (日报) kept so that they outlive a restart: one per local day and area, a new
 * one for the same day and area replacing the old.
 *
 * <p>Blocking, like every store method: call from the store executor or a worker. Thread-safe.
 */
public interface ReportArchive {
    /**
     * Stores {@code report}, replacing the one of the same {@code date} and {@code areaCode} if
     * any. Durable on return.
     *
     * @throws org.gridwatch.error.StoreException if the write fails; then nothing changed
     */
    void saveReport(StoredReport report);

    /** The report of {@code date} and area {@code areaCode}, if stored. */
    Optional<StoredReport> report(LocalDate date, String areaCode);

    /**
     * The reports of the days {@code from} … {@code to} (both inclusive), without their bodies:
     * newest day first, then by area code.
     */
    List<StoredReport.Entry> reportEntries(LocalDate from, LocalDate to);
}
