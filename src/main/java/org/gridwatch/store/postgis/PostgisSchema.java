package org.gridwatch.store.postgis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;
import org.gridwatch.error.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a PostgreSQL database to the schema this code knows: checks the PostGIS version, then
 * applies the Flyway migrations of {@code classpath:db/migration} into one schema, or refuses a
 * schema that a newer GridWatch has migrated further.
 *
 * <p>Stateless; thread-safe. Blocking (JDBC).
 */
final class PostgisSchema {
    private static final Logger LOG = LoggerFactory.getLogger(PostgisSchema.class);

    /** Oldest PostGIS release the store is tested with and relies on (generated geometry columns, ST_MakeEnvelope). */
    static final int[] MIN_POSTGIS = {3, 0};
    /** Oldest PostgreSQL major version: generated columns on partitioned tables need 12. */
    static final int MIN_POSTGRES = 12;
    /** Where the migrations live on the class path. */
    static final String LOCATION = "classpath:db/migration";

    private PostgisSchema() {
    }

    /**
     * Checks the server and the PostGIS extension, creating the extension when it is absent and
     * the user may create it, then migrates {@code schema} (created if absent).
     *
     * @param where a description of the database for messages (URL without credentials)
     * @return the schema version after migration
     * @throws StoreException with a message saying what to do: PostgreSQL or PostGIS too old or
     *                        missing, or the schema newer than this code
     */
    static String migrate(DataSource ds, String schema, String where) {
        checkServer(ds, where);
        Flyway flyway = Flyway.configure()
                .dataSource(ds)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations(LOCATION)
                .load();
        refuseNewerSchema(flyway, schema, where);
        MigrateResult r = flyway.migrate();
        String version = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
        if (r.migrationsExecuted > 0) {
            LOG.info("migrated schema {} of {} from version {} to {} ({} migrations)", schema, where,
                    r.initialSchemaVersion == null ? "empty" : r.initialSchemaVersion, version, r.migrationsExecuted);
        }
        return version;
    }

    /**
     * Refuses a database whose schema history holds versions this code does not know: it was
     * migrated by a newer GridWatch, whose data this code might misread or damage.
     */
    static void refuseNewerSchema(Flyway flyway, String schema, String where) {
        MigrationVersion known = null;
        MigrationVersion applied = null;
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getVersion() == null) {
                continue;
            }
            if (m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED) {
                if (applied == null || m.getVersion().compareTo(applied) > 0) {
                    applied = m.getVersion();
                }
            } else if (known == null || m.getVersion().compareTo(known) > 0) {
                known = m.getVersion();
            }
        }
        if (applied != null) {
            throw new StoreException("the GridWatch schema \"" + schema + "\" in " + where + " is at version "
                    + applied + ", newer than this GridWatch knows (" + (known == null ? "none" : known)
                    + "): it was migrated by a newer release. Run that release (or newer), or point store.schema"
                    + " at another schema; this release refuses to start rather than misread the data");
        }
    }

    private static void checkServer(DataSource ds, String where) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            int major = c.getMetaData().getDatabaseMajorVersion();
            if (major < MIN_POSTGRES) {
                throw new StoreException("PostgreSQL " + c.getMetaData().getDatabaseProductVersion() + " at " + where
                        + " is too old: GridWatch needs PostgreSQL " + MIN_POSTGRES + " or newer");
            }
            String ext = null;
            try (ResultSet rs = st.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'postgis'")) {
                if (rs.next()) {
                    ext = rs.getString(1);
                }
            }
            if (ext == null) {
                try {
                    st.execute("CREATE EXTENSION IF NOT EXISTS postgis");
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw new StoreException("PostGIS is not installed in the database at " + where
                            + " and this user may not install it (" + e.getMessage().trim() + "). As a superuser run:"
                            + " CREATE EXTENSION postgis;  (Debian: apt-get install postgresql-15-postgis-3)", e);
                }
            }
            String lib;
            try (ResultSet rs = st.executeQuery("SELECT postgis_lib_version()")) {
                rs.next();
                lib = rs.getString(1);
            }
            c.rollback();
            if (!atLeast(lib, MIN_POSTGIS)) {
                throw new StoreException("PostGIS " + lib + " at " + where + " is too old: GridWatch needs PostGIS "
                        + MIN_POSTGIS[0] + "." + MIN_POSTGIS[1] + " or newer");
            }
            LOG.info("database at {}: PostgreSQL {}, PostGIS {}", where, c.getMetaData().getDatabaseProductVersion(), lib);
        } catch (SQLException e) {
            throw new StoreException("cannot check the database at " + where + ": " + e.getMessage(), e);
        }
    }

    /** True when the dotted version {@code text} (e.g. "3.3.2", "3.4.0dev") is at least {@code min}. */
    static boolean atLeast(String text, int[] min) {
        String[] parts = text.trim().split("[^0-9]+");
        int[] v = Arrays.stream(parts).filter(s -> !s.isEmpty()).limit(min.length).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < min.length; i++) {
            int have = i < v.length ? v[i] : 0;
            if (have != min[i]) {
                return have > min[i];
            }
        }
        return true;
    }
}
