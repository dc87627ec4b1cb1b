package org.gridwatch.store.postgis;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.gridwatch.error.StoreException;
import org.gridwatch.store.jdbc.ConnectionSource;

/**
 * The connections of a PostGIS store: one HikariCP pool, auto-commit off, our schema first on the
 * search path. A write takes a pooled connection for its transaction; a read takes another and
 * runs {@code REPEATABLE READ, READ ONLY}, so all its statements see one snapshot. While the
 * database is away, taking a connection fails after {@link #CONNECTION_TIMEOUT_MS}; the pool
 * reconnects by itself once it is back.
 *
 * <p>Thread-safe.
 */
final class PostgisConnections implements ConnectionSource {
    /** How long a call waits for a pooled connection (database down: how soon it fails), ms. */
    static final long CONNECTION_TIMEOUT_MS = 3_000;
    /** Pooled connections: one writer, the rest for concurrent reads and probes. */
    private static final int POOL_SIZE = 8;

    private final HikariDataSource pool;
    private final String description;

    private PostgisConnections(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /**
     * Starts the pool (which connects once).
     *
     * @param where  the URL without credentials, for messages
     * @throws StoreException naming the database and the user if it cannot connect
     */
    static PostgisConnections open(String url, String user, String password, String schema, String where) {
        HikariConfig cfg = new HikariConfig();
        cfg.setPoolName("gridwatch-" + schema);
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password == null || password.isEmpty() ? null : password);
        cfg.setAutoCommit(false);
        cfg.setMaximumPoolSize(POOL_SIZE);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        cfg.setValidationTimeout(1_000);
        // Our schema first for our tables, then public where PostGIS usually lives. Set at connection
        // start-up (not as init SQL, which a later rollback would undo with autocommit off).
        cfg.addDataSourceProperty("options", "-c search_path=" + schema + ",public");
        cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        cfg.addDataSourceProperty("tcpKeepAlive", "true");
        cfg.addDataSourceProperty("connectTimeout", "5");
        // A database that stops answering (network cut) fails the call instead of hanging the writer.
        cfg.addDataSourceProperty("socketTimeout", "120");
        cfg.addDataSourceProperty("ApplicationName", "GridWatch");
        try {
            return new PostgisConnections(new HikariDataSource(cfg), "PostGIS store " + where + " (schema " + schema
                    + ")");
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StoreException("cannot connect to PostgreSQL at " + where + " as user " + user + ": "
                    + root.getMessage(), e);
        }
    }

    /** The pool, for the schema migration before the store is shared. */
    HikariDataSource pool() {
        return pool;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public Connection writer() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void release(Connection writer) throws SQLException {
        writer.close();
    }

    @Override
    public Connection reader() throws SQLException {
        return ConnectionSource.readied(pool.getConnection(), c -> {
            try (Statement st = c.createStatement()) {
                // Transaction-scoped: nothing to reset when the connection goes back to the pool.
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        });
    }

    /**
     * True when a connection can be had and answers within about a second (or
     * {@link #CONNECTION_TIMEOUT_MS} when the pool has none left).
     */
    @Override
    public boolean probe() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
