package org.gridwatch.store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.gridwatch.error.StoreException;
import org.gridwatch.patrol.UnitStore;
import org.gridwatch.pipeline.Lane;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Track retention ({@code store.tracks.retention-days}): the positions of the UTC days before the
 * last {@code days} (today included) are deleted, in pieces of {@link #PIECE} positions, each piece
 * one task on the store lane, so the commits queued meanwhile go between the pieces and a long
 * backlog never holds the store for long. The units' last positions stay. Thread-safe: one pass
 * runs at a time; asking for another while it runs joins it.
 */
public final class TrackRetention {
    private static final Logger LOG = LoggerFactory.getLogger(TrackRetention.class);
    /** Most positions deleted in one store task (where the store deletes row by row). */
    public static final int PIECE = 50_000;

    private final UnitStore store;
    private final Lane lane;
    private final Clock clock;
    private final int days;
    private final int piece;
    private CompletableFuture<Void> running;

    /**
     * @param lane  the store lane
     * @param days  days of tracks kept, today (UTC) included, at least 1
     * @param piece most positions per store task
     */
    public TrackRetention(UnitStore store, Lane lane, Clock clock, int days, int piece) {
        if (days < 1 || piece < 1) {
            throw new IllegalArgumentException("days and piece must be positive: " + days + ", " + piece);
        }
        this.store = store;
        this.lane = lane;
        this.clock = clock;
        this.days = days;
        this.piece = piece;
    }

    /** The first UTC day whose positions are kept, as of now. */
    public LocalDate firstKeptDay() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
    }

    /**
     * Deletes what is older than the retention, piece by piece on the store lane; completes when
     * nothing older is left (or the store failed: logged, the next pass tries again).
     */
    public synchronized CompletableFuture<Void> run() {
        if (running != null && !running.isDone()) {
            return running;
        }
        CompletableFuture<Void> pass = new CompletableFuture<>();
        running = pass;
        LocalDate firstKept = firstKeptDay();
        lane.execute(() -> piece(firstKept, pass));
        return pass;
    }

    private void piece(LocalDate firstKept, CompletableFuture<Void> pass) {
        try {
            if (store.deleteTracksBefore(firstKept, piece)) {
                LOG.debug("tracks before {} deleted", firstKept);
                pass.complete(null);
            } else {
                lane.execute(() -> piece(firstKept, pass)); // behind the commits queued meanwhile
            }
        } catch (StoreException e) {
            LOG.warn("deleting tracks before {} failed ({}); the next pass tries again", firstKept, e.getMessage());
            pass.complete(null);
        }
    }
}
