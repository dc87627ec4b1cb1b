package org.gridwatch.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a store's connections come from: a pool (PostGIS), or one writer connection kept open and
 * a read-only connection per read (GeoPackage). {@link Transactions} is its only caller.
 *
 * <p>Thread-safety: {@link #writer()} and {@link #release} are called by one thread at a time
 * (under the write lock); {@link #reader()} and {@link #probe()} from any number of threads at
 * once; {@link #close()} once, under the write lock.
 */
public interface ConnectionSource {

    /** The store and where its data lives, for messages, e.g. {@code "GeoPackage store /srv/gw.gpkg"}. */
    String describe();

    /** A connection for one write transaction, auto-commit off. Give it back with {@link #release}. */
    Connection writer() throws SQLException;

    /** Takes back a connection of {@link #writer()} whose transaction was committed or rolled back. */
    void release(Connection writer) throws SQLException;

    /**
     * A connection for one read-only transaction, auto-commit off, that sees one consistent
     * snapshot from its first statement to its end. The caller rolls it back and closes it.
     */
    Connection reader() throws SQLException;

    /**
     * True when the database answers now (within a few seconds); never throws. A local file
     * answers while it is open.
     */
    boolean probe();

    /** Closes every connection; the source is not used afterwards. */
    void close() throws SQLException;

    /** What a new connection needs before use. */
    @FunctionalInterface
    interface Setup {
        void apply(Connection c) throws SQLException;
    }

    /**
     * {@code c} after {@code setup}; closed (and the failure thrown) when the setup fails, so that
     * no half-made connection leaks.
     */
    static Connection readied(Connection c, Setup setup) throws SQLException {
        try {
            setup.apply(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ce) {
                e.addSuppressed(ce);
            }
            throw e;
        }
    }
}
