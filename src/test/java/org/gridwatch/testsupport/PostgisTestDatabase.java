package org.gridwatch.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostGIS database the database tests use, decided once per JVM:
 * <ol>
 *   <li>{@code GRIDWATCH_TEST_PG_URL} (with {@code GRIDWATCH_TEST_PG_USER},
 *       {@code GRIDWATCH_TEST_PG_PASSWORD}) names an external database ({@code .ci/run} sets them);</li>
 *   <li>else, when Docker is available, a Testcontainers {@code postgis/postgis} container;</li>
 *   <li>else, under {@code CI=true}, the tests run anyway and fail loudly;</li>
 *   <li>else they are disabled, with the reason shown in the report.</li>
 * </ol>
 * Each test works in a schema of its own ({@link #freshSchema()}) and drops it afterwards.
 * Thread-safe.
 */
public final class PostgisTestDatabase {
    /** Connection settings of the test database. */
    public record Settings(String url, String user, String password) {
        @Override
        public String toString() {
            return "Settings[" + url + ", " + user + "]";
        }
    }

    private static final String IMAGE = "postgis/postgis:15-3.4";
    private static volatile Settings settings;
    private static volatile Boolean docker;
    private static PostgreSQLContainer container;

    private PostgisTestDatabase() {
    }

    private static Map<String, String> env() {
        return System.getenv();
    }

    private static boolean external() {
        String url = env().get("GRIDWATCH_TEST_PG_URL");
        return url != null && !url.isBlank();
    }

    private static boolean dockerAvailable() {
        Boolean d = docker;
        if (d == null) {
            try {
                d = DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                d = false;
            }
            docker = d;
        }
        return d;
    }

    /**
     * The database to use, starting the container on first use.
     *
     * @throws IllegalStateException when there is none (only reached under {@code CI=true})
     */
    public static synchronized Settings get() {
        if (settings != null) {
            return settings;
        }
        if (external()) {
            settings = new Settings(env().get("GRIDWATCH_TEST_PG_URL"), env().getOrDefault("GRIDWATCH_TEST_PG_USER", ""),
                    env().getOrDefault("GRIDWATCH_TEST_PG_PASSWORD", ""));
        } else if (dockerAvailable()) {
            container = new PostgreSQLContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"));
            container.start();
            settings = new Settings(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        } else {
            throw new IllegalStateException("CI=true but there is no PostGIS for the database tests: set"
                    + " GRIDWATCH_TEST_PG_URL, GRIDWATCH_TEST_PG_USER and GRIDWATCH_TEST_PG_PASSWORD (.ci/run does)"
                    + " or provide a Docker engine");
        }
        return settings;
    }

    /** {@code GRIDWATCH_STORE_*} variables for a server on the test database, in {@code schema}. */
    public static Map<String, String> serverEnv(String schema) {
        Settings s = get();
        return serverEnv(s.url(), schema);
    }

    /** {@code GRIDWATCH_STORE_*} variables for a server on the test database reached at {@code url}, in {@code schema}. */
    public static Map<String, String> serverEnv(String url, String schema) {
        Settings s = get();
        return Map.of("GRIDWATCH_STORE_TYPE", "postgis", "GRIDWATCH_STORE_URL", url, "GRIDWATCH_STORE_USER", s.user(),
                "GRIDWATCH_STORE_PASSWORD", s.password(), "GRIDWATCH_STORE_SCHEMA", schema);
    }

    /** A new, unused schema name. */
    public static String freshSchema() {
        return "gw_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE)
                .toLowerCase(Locale.ROOT);
    }

    /** A plain JDBC connection (autocommit) to the test database. */
    public static Connection connect() throws SQLException {
        Settings s = get();
        return DriverManager.getConnection(s.url(), s.user(), s.password());
    }

    /** Drops {@code schema} with everything in it; quiet if it does not exist. */
    public static void dropSchema(String schema) {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schema " + schema + ": " + e.getMessage(), e);
        }
    }

    /** Enables a test class when a database is there or must be ({@code CI=true}); see the class comment. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (external()) {
                return ConditionEvaluationResult.enabled("PostGIS from GRIDWATCH_TEST_PG_URL");
            }
            if (dockerAvailable()) {
                return ConditionEvaluationResult.enabled("PostGIS in a Testcontainers " + IMAGE + " container");
            }
            if ("true".equalsIgnoreCase(env().get("CI"))) {
                return ConditionEvaluationResult.enabled("CI=true: PostGIS tests must run (and fail without a database)");
            }
            return ConditionEvaluationResult.disabled("no PostGIS: set GRIDWATCH_TEST_PG_URL/_USER/_PASSWORD"
                    + " (see .ci/run) or provide a Docker engine");
        }
    }
}
