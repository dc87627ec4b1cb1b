package org.gridwatch.error;

/**
 * A store operation failed. Unless {@link #maybeStored()}, the store is unchanged by it. By default
 * of kind {@link FailureKind#UNAVAILABLE}: the store cannot do it now, retry later. A store that
 * knows better says {@link FailureKind#NOT_FOUND} (no such row) or {@link FailureKind#CONFLICT}
 * ({@link DuplicateIdException}, a row changed already).
 *
 * <p>The message is for the server log: it may name files and database hosts. Edges tell clients
 * only the kind and whether the write may have been stored.
 */
public class StoreException extends GridWatchException {
    private static final long serialVersionUID = 1L;

    private final boolean maybeStored;

    public StoreException(String message, Throwable cause) {
        this(FailureKind.UNAVAILABLE, message, cause, false);
    }

    public StoreException(String message) {
        this(message, null);
    }

    /** A failure of the given kind ({@link FailureKind#NOT_FOUND} or {@link FailureKind#CONFLICT}). */
    public StoreException(FailureKind kind, String message, Throwable cause) {
        this(kind, message, cause, false);
    }

    /**
     * @param maybeStored true when the outcome is unknown: the write was sent but its commit was not
     *                    confirmed (the connection was lost, the answer did not come in time), so it
     *                    may have been stored
     */
    public StoreException(FailureKind kind, String message, Throwable cause, boolean maybeStored) {
        super(kind, null, null, message, cause);
        this.maybeStored = maybeStored;
    }

    /** True when the write may have been stored although it failed (see the constructor). */
    public boolean maybeStored() {
        return maybeStored;
    }
}
