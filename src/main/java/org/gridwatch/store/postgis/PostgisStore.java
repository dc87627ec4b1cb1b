package org.gridwatch.store.postgis;

import java.util.Objects;
import java.util.regex.Pattern;
import org.gridwatch.error.StoreException;
import org.gridwatch.store.Store;
import org.gridwatch.store.jdbc.JdbcStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Store}: PostgreSQL with PostGIS, through JDBC and a HikariCP pool. The
 * tables and their code are shared with GeoPackage ({@link JdbcStore}); what PostGIS does its own
 * way is in {@link PostgisDialect}, the schema and its Flyway migrations
 * ({@code src/main/resources/db/migration}) in {@link PostgisSchema}, the pool in
 * {@link PostgisConnections}.
 *
 * <h2>Layout</h2>
 * One schema ({@code store.schema}): {@code admin_areas} and {@code grids} ({@code MULTIPOLYGON}),
 * {@code incidents} and {@code incident_transitions}, {@code units} (the roster with the last
 * position), {@code tracks} (partitioned by UTC day into {@code tracks_pYYYYMMDD}, created on
 * demand, dropped by retention), {@code school_posts}, {@code key_places}, {@code alerts}; GiST
 * indexes on every geometry, B-tree indexes on the times. All geometries are WGS84 lon/lat,
 * SRID 4326; point geometries are generated from their lon/lat columns. Opening checks PostgreSQL
 * and PostGIS versions, migrates an empty or older schema, and refuses a schema migrated by a
 * newer GridWatch.
 *
 * <h2>Round-trip fidelity</h2>
 * As {@link JdbcStore} says: instants are {@code timestamptz}, truncated to the microsecond;
 * doubles are sent and read in binary, so they round-trip exactly.
 *
 * <h2>Durability</h2>
 * Every write is one transaction committed with PostgreSQL's default {@code synchronous_commit=on}:
 * when a method returns, the commit record is flushed to the server's WAL, so the write survives a
 * crash of GridWatch, of PostgreSQL or of the machine. Position tracks are written with
 * {@code COPY} inside the same transaction as the units' last positions.
 *
 * <h2>Failures</h2>
 * While the database cannot be reached, every method fails with a {@link StoreException} and
 * changes nothing (unless the connection was lost during a commit: then it says the write may
 * have been stored): the first within about {@link #CONNECTION_TIMEOUT_MS}, the following ones at
 * once for {@link #FAIL_FAST_NANOS} (so that a queue of writes turns into prompt failures, not a
 * queue of timeouts), then one tries again. The pool reconnects by itself once the database is
 * back, no restart needed. {@link #isAvailable()} probes it (and ends the fail-fast period early).
 *
 * <h2>Thread-safety</h2>
 * Thread-safe. Writes are serialised by one lock, each on a pooled connection in its own
 * transaction; reads run concurrently on other pooled connections, each in one consistent
 * snapshot.
 */
public final class PostgisStore extends JdbcStore {
    private static final Logger LOG = LoggerFactory.getLogger(PostgisStore.class);

    /** How long a call waits for a pooled connection (database down: how soon it fails), ms. */
    static final long CONNECTION_TIMEOUT_MS = PostgisConnections.CONNECTION_TIMEOUT_MS;
    /**
     * After a failure to reach the database, calls fail at once for this long (then one tries
     * again), nanoseconds.
     */
    static final long FAIL_FAST_NANOS = 1_000_000_000L;
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String schema;

    private PostgisStore(PostgisConnections connections, String schema) {
        super(new PostgisDialect(schema), connections, FAIL_FAST_NANOS);
        this.schema = schema;
    }

    /**
     * Connects to the database at {@code url}, checks PostgreSQL and PostGIS, and creates or
     * migrates the GridWatch schema {@code schema} in it.
     *
     * @param url      JDBC URL, {@code jdbc:postgresql://host:port/database}
     * @param user     database user
     * @param password its password; empty for none (trust, peer or a password file)
     * @param schema   schema holding GridWatch's tables, lower-case letters, digits and {@code _}
     * @throws StoreException if the database cannot be reached, PostgreSQL or PostGIS is missing
     *                        or too old, or the schema was migrated by a newer GridWatch; the
     *                        message says which and what to do
     */
    public static PostgisStore open(String url, String user, String password, String schema) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(schema, "schema");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StoreException("store.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): "
                    + describe(url));
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new StoreException("store.schema \"" + schema
                    + "\" must be lower-case letters, digits and _ (not starting with a digit), at most 63");
        }
        String where = describe(url);
        PostgisConnections connections = PostgisConnections.open(url, user, password, schema, where);
        try {
            String version = PostgisSchema.migrate(connections.pool(), schema, where);
            PostgisStore store = new PostgisStore(connections, schema);
            LOG.info("opened PostGIS store {} schema {} (version {})", where, schema, version);
            return store;
        } catch (RuntimeException e) {
            connections.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open the PostGIS store at " + where + ": " + e.getMessage(), e);
        }
    }

    /** The URL without its query string (which may hold a password), for messages. */
    static String describe(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** The schema holding the tables. */
    public String schema() {
        return schema;
    }
}
