package org.gridwatch.post;

import java.util.Optional;

/**
 * The school calendar ({@link SchoolCalendar}) imported into the system of record
 * ({@code gridwatch import --type calendar}); it takes precedence over the configured file.
 *
 * <p>Every method blocks (disk or network I/O): call it from the store executor or a worker, never
 * from an event loop or the state thread. A write returns only after it is durable (committed); a
 * failed write throws {@link org.gridwatch.error.StoreException} and leaves the store unchanged.
 * Implementations are thread-safe.
 */
public interface CalendarStore {
    /** The stored calendar, equal to the one last given to {@link #replaceCalendar}; empty when none ever was. */
    Optional<SchoolCalendar> loadCalendar();

    /** Replaces the stored calendar by {@code calendar}, all or nothing. */
    void replaceCalendar(SchoolCalendar calendar);
}
