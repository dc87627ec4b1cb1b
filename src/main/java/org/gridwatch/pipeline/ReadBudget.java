package org.gridwatch.pipeline;

import org.gridwatch.error.FailureKind;
import org.gridwatch.error.GridWatchException;

/**
 * A bound on one blocking read (a query of the store): at most {@link #maxRows()} rows, and a stop
 * that another thread may pull at any time — its deadline passed, or the client that asked went
 * away — which cancels the statement running at that moment. The reader declares each statement it
 * runs ({@link #whileRunning}) and checks between steps ({@link #check}); a stopped read ends with
 * {@link Stopped}, a read that would return more rows with {@link Exceeded}: never a partial
 * answer.
 *
 * <p>Thread-safe. {@link #stop} may block while it cancels the running statement (PostgreSQL: a
 * round trip to the server), so it is called from a worker, never from an event loop.
 */
public final class ReadBudget {
    /** Why a read was stopped. */
    public enum Reason {
        /** Its deadline passed. */
        DEADLINE,
        /** The client that asked for it went away: nobody waits for the answer. */
        GONE
    }

    /** A read stopped before it was done (see {@link Reason}); nothing was answered. */
    public static final class Stopped extends GridWatchException {
        private static final long serialVersionUID = 1L;
        private final Reason reason;

        Stopped(Reason reason) {
            super(FailureKind.UNAVAILABLE, null, reason == Reason.DEADLINE ? "the read did not finish within its deadline"
                    : "the client went away");
            this.reason = reason;
        }

        /** Why it was stopped. */
        public Reason reason() {
            return reason;
        }
    }

    /** A read that would return more than {@link #maxRows()} rows: the caller narrows it. */
    public static final class Exceeded extends GridWatchException {
        private static final long serialVersionUID = 1L;
        private final int maxRows;

        Exceeded(int maxRows) {
            super(FailureKind.INVALID, null, "the read would return more than " + maxRows + " rows");
            this.maxRows = maxRows;
        }

        /** The bound that was exceeded. */
        public int maxRows() {
            return maxRows;
        }
    }

    /** What cancels the running statement, as {@link java.sql.Statement#cancel()} does. */
    @FunctionalInterface
    public interface Cancel {
        void cancel() throws Exception;
    }

    /** Ends the declaration of a running statement (try-with-resources). */
    public interface Running extends AutoCloseable {
        @Override
        void close();
    }

    /** The stop, shared by a budget and those made from it by {@link #withMaxRows}. */
    private static final class Control {
        private Reason stopped;
        private Cancel running;
    }

    private final int maxRows;
    private final Control control;

    /**
     * @param maxRows the most rows the read may return, at least 1 ({@link Integer#MAX_VALUE}: no bound)
     */
    public ReadBudget(int maxRows) {
        this(maxRows, new Control());
    }

    private ReadBudget(int maxRows, Control control) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
        }
        this.maxRows = maxRows;
        this.control = control;
    }

    /** A budget without a row bound that is never stopped unless someone stops it. */
    public static ReadBudget unbounded() {
        return new ReadBudget(Integer.MAX_VALUE);
    }

    /** This budget with another row bound, stopped together with this one. */
    public ReadBudget withMaxRows(int rows) {
        return new ReadBudget(rows, control);
    }

    /** The most rows the read may return. */
    public int maxRows() {
        return maxRows;
    }

    /**
     * Stops the read: cancels the statement running now, if any, and every later {@link #check}
     * or {@link #whileRunning} throws {@link Stopped}. The first reason wins; later calls do nothing.
     *
     * @return true when this call stopped it
     */
    public boolean stop(Reason why) {
        synchronized (control) {
            if (control.stopped != null) {
                return false;
            }
            control.stopped = why;
            if (control.running != null) {
                try {
                    control.running.cancel();
                } catch (Exception e) {
                    // The read ends anyway, at its next check.
                    org.slf4j.LoggerFactory.getLogger(ReadBudget.class).debug("cancelling a stopped read failed: {}",
                            e.toString());
                }
            }
            return true;
        }
    }

    /** Why the read was stopped, or null while it may go on. */
    public Reason stopped() {
        synchronized (control) {
            return control.stopped;
        }
    }

    /** Throws {@link Stopped} if the read was stopped. */
    public void check() {
        Reason r = stopped();
        if (r != null) {
            throw new Stopped(r);
        }
    }

    /** Throws {@link Exceeded} when {@code rows} (read so far) is over the bound, {@link Stopped} when stopped. */
    public void checkRows(long rows) {
        if (rows > maxRows) {
            throw new Exceeded(maxRows);
        }
        check();
    }

    /**
     * Declares a statement about to run, so that {@link #stop} cancels it; close the result when it
     * has ended (before giving its connection back, so that no cancel reaches the connection's next
     * statement). One statement at a time.
     *
     * @throws Stopped if the read was stopped already (the statement must not run)
     */
    public Running whileRunning(Cancel cancel) {
        synchronized (control) {
            if (control.stopped != null) {
                throw new Stopped(control.stopped);
            }
            control.running = cancel;
        }
        return () -> {
            synchronized (control) {
                control.running = null;
            }
        };
    }
}
