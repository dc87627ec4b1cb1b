package org.gridwatch.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.error.StoreException;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up against the database: an empty schema is migrated, a newer one refused, an absent server named. */
@ExtendWith(PostgisTestDatabase.Condition.class)
class PostgisSchemaTest {
    private final String schema = PostgisTestDatabase.freshSchema();

    @AfterEach
    void drop() {
        PostgisTestDatabase.dropSchema(schema);
    }

    private static PostgisStore open(String schema) {
        PostgisTestDatabase.Settings s = PostgisTestDatabase.get();
        return PostgisStore.open(s.url(), s.user(), s.password(), schema);
    }

    private List<String> tables() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema
                     + "' ORDER BY tablename")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    @Test
    void emptyDatabaseIsMigratedAndReopeningChangesNothing() throws Exception {
        assertThat(tables()).isEmpty();
        open(schema).close();
        assertThat(tables()).contains("admin_areas", "grids", "incidents", "incident_transitions", "units", "tracks",
                "school_posts", "key_places", "alerts", "flyway_schema_history");
        List<String> before = tables();
        open(schema).close();
        assertThat(tables()).isEqualTo(before);
    }

    @Test
    void schemaOfANewerReleaseIsRefusedWithAClearMessage() throws Exception {
        open(schema).close();
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO " + schema + ".flyway_schema_history (installed_rank, version, description,"
                    + " type, script, checksum, installed_by, execution_time, success)"
                    + " VALUES (99, '42', 'from the future', 'SQL', 'V42__from_the_future.sql', 0, 'test', 1, true)");
        }
        assertThatThrownBy(() -> open(schema)).isInstanceOf(StoreException.class)
                .hasMessageContaining("version 42").hasMessageContaining("newer").hasMessageContaining(schema);
    }

    @Test
    void unreachableServerIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/nowhere";
        assertThatThrownBy(() -> PostgisStore.open(url, "nobody", "", schema)).isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect").hasMessageContaining(url);
    }

    @Test
    void versionComparison() {
        int[] min = {3, 0};
        assertThat(PostgisSchema.atLeast("3.3.2", min)).isTrue();
        assertThat(PostgisSchema.atLeast("3.0.0", min)).isTrue();
        assertThat(PostgisSchema.atLeast("3.5.0dev", min)).isTrue();
        assertThat(PostgisSchema.atLeast("2.5.5", min)).isFalse();
        assertThat(PostgisSchema.atLeast("10", min)).isTrue();
    }
}
