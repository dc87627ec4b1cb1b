package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.gridwatch.error.FailureKind;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction per store call: writes serialised by one lock, each committed or rolled back as a
 * whole; reads on their own connections, concurrently with each other and with the writer, each
 * in one snapshot. Failures become {@link StoreException}s that name the call, its input and the
 * store.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>A {@link StoreException} thrown by the work (not found, conflict, unknown unit...) is
 *       passed on as it is; so is, in a read, any other runtime exception (a caller's sink).</li>
 *   <li>A write that fails with an error the dialect calls retryable (SQLite busy, a PostgreSQL
 *       serialization failure or deadlock) is rolled back and run again at once, up to
 *       {@link #ATTEMPTS} times in all: its work must be a function of its input only.</li>
 *   <li>Anything else is of kind {@link FailureKind#UNAVAILABLE}, and the store is unchanged —
 *       except when the commit itself failed (a lost connection, a file turned read-only or a disk
 *       error while SQLite writes its journal): then the outcome is unknown and the exception says
 *       {@link StoreException#maybeStored()}, never "nothing was changed".</li>
 *   <li>After a failure to reach the database, every call fails at once for the fail-fast
 *       period (a queue of writes turns into prompt failures, not a queue of timeouts); then one
 *       tries again, or {@link #isAvailable()} ends the period early.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    /** Runs of a write, the first included, while it fails with retryable errors. */
    static final int ATTEMPTS = 3;

    /** Work done on one connection inside one transaction; it neither commits nor rolls back. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final ConnectionSource source;
    private final Dialect dialect;
    private final long failFastNanos;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean closed;
    /** {@link System#nanoTime()} of the last failure to reach the database; 0 while it answers. */
    private volatile long unreachableSince;

    /**
     * @param failFastNanos how long calls fail at once after a failure to reach the database,
     *                      nanoseconds; 0 for never
     */
    public Transactions(ConnectionSource source, Dialect dialect, long failFastNanos) {
        this.source = source;
        this.dialect = dialect;
        this.failFastNanos = failFastNanos;
    }

    /** The store and where its data lives, for messages. */
    public String describe() {
        return source.describe();
    }

    /**
     * Runs {@code work} under the write lock in one transaction on the writer connection and
     * commits it.
     *
     * @param op   the store method, for messages
     * @param what its input in a few words ("id 7", "3 units"), or empty
     * @throws StoreException if it fails; see the class comment
     */
    public <T> T write(String op, String what, Work<T> work) {
        writeLock.lock();
        try {
            return run(op, what, work, true);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one read-only transaction on a reader connection, then rolls it back.
     *
     * @throws StoreException if it fails; a runtime exception of {@code work} itself propagates as it is
     */
    public <T> T read(String op, String what, Work<T> work) {
        return run(op, what, work, false);
    }

    /** True when {@code e} failed on a primary key or unique constraint. */
    public boolean isUniqueViolation(StoreException e) {
        return e.getCause() instanceof SQLException se && dialect.isUniqueViolation(se);
    }

    /** True when open and the database answers now; never throws. Ends a fail-fast period when it answers. */
    public boolean isAvailable() {
        if (closed) {
            return false;
        }
        boolean answers = source.probe();
        reachable(answers);
        return answers;
    }

    /** Closes the connections, after the write in progress. Idempotent. */
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            source.close();
            LOG.info("closed {}", source.describe());
        } catch (SQLException e) {
            throw new StoreException("close failed on " + source.describe() + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T run(String op, String what, Work<T> work, boolean write) {
        if (closed) {
            throw new StoreException(op + " failed: " + source.describe() + " is closed");
        }
        long since = unreachableSince;
        if (since != 0 && System.nanoTime() - since < failFastNanos) {
            throw new StoreException(op + " failed: " + source.describe() + " cannot be reached"
                    + (write ? "; nothing was changed" : "") + "; retry later");
        }
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = write ? source.writer() : source.reader();
            } catch (SQLException | RuntimeException e) {
                throw failure(op, what, e, write, false);
            }
            boolean committing = false;
            try {
                T result = work.run(c);
                committing = write;
                if (write) {
                    c.commit();
                } else {
                    c.rollback();
                }
                reachable(true);
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException re) {
                    e.addSuppressed(re);
                }
                if (write && attempt < ATTEMPTS && e instanceof SQLException se && dialect.isRetryable(se)) {
                    LOG.info("{} on {}: {}; running it again (attempt {} of {})", op, source.describe(),
                            e.getMessage(), attempt + 1, ATTEMPTS);
                    continue;
                }
                if (e instanceof StoreException se) {
                    throw se;
                }
                if (!write && e instanceof RuntimeException re) {
                    throw re;
                }
                throw failure(op, what, e, write, committing);
            } finally {
                give(c, write);
            }
        }
    }

    private void give(Connection c, boolean write) {
        try {
            if (write) {
                source.release(c);
            } else {
                c.close();
            }
        } catch (SQLException e) {
            LOG.warn("giving back a connection of {} failed: {}", source.describe(), e.getMessage());
        }
    }

    /**
     * The exception for a failed call. Only a failed commit leaves the outcome unknown: before it,
     * the database rolls back the transaction of a lost connection or a failed statement.
     */
    private StoreException failure(String op, String what, Exception e, boolean write, boolean inCommit) {
        boolean unreachable = dialect.isConnectionFailure(e);
        if (unreachable) {
            reachable(false);
        }
        boolean maybeStored = write && inCommit;
        String detail = what.isEmpty() ? "" : " (" + what + ")";
        String outcome = !write ? "" : maybeStored
                ? "; not acknowledged (the commit failed: the write may still have been stored)"
                : "; nothing was changed";
        return new StoreException(FailureKind.UNAVAILABLE, op + " failed" + detail + " on " + source.describe() + ": "
                + e.getMessage() + outcome, e, maybeStored);
    }

    private void reachable(boolean yes) {
        if (yes) {
            if (unreachableSince != 0) {
                unreachableSince = 0;
            }
        } else {
            unreachableSince = Math.max(1, System.nanoTime());
        }
    }
}
