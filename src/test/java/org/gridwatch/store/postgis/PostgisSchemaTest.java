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
        return tables(schema);
    }

    /** The tables of {@code schema}, by name. */
    static List<String> tables(String schema) throws Exception {
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

    /**
     * A schema at version 1 (school posts and key places without lon/lat columns) is migrated to
     * the current one and keeps their coordinates exactly.
     */
    @Test
    void aVersion1SchemaIsMigratedAndKeepsThePlaces() throws Exception {
        PostgisTestDatabase.Settings s = PostgisTestDatabase.get();
        org.flywaydb.core.Flyway.configure().dataSource(s.url(), s.user(), s.password()).schemas(schema)
                .defaultSchema(schema).createSchemas(true).locations(PostgisSchema.LOCATION).target("1").load()
                .migrate();
        double lon = 117.9612345678901;
        double lat = 37.3612345678901;
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema + ", public");
            st.execute("INSERT INTO school_posts (id, name, kind, radius_m, duty_windows, required_staff, grid_code,"
                    + " county_code, demo, geom) VALUES ('SP1', '实验小学', 'primary', 80, '07:10-07:50', 2,"
                    + " '371602001001003', '371602', true, ST_SetSRID(ST_MakePoint(" + lon + ", " + lat + "), 4326))");
            st.execute("INSERT INTO key_places (id, name, kind, key_periods, patrol_interval_min, grid_code,"
                    + " county_code, demo, geom) VALUES ('KP1', '夜市', 'night_market', '19:00-23:00', 30,"
                    + " '371602001001003', '371602', false, ST_SetSRID(ST_MakePoint(118.5, 37.25), 4326))");
        }
        try (PostgisStore store = open(schema)) {
            assertThat(store.loadSchoolPosts()).singleElement().satisfies(p -> {
                assertThat(p.gate().getX()).isEqualTo(lon);
                assertThat(p.gate().getY()).isEqualTo(lat);
            });
            assertThat(store.loadKeyPlaces()).singleElement()
                    .satisfies(k -> assertThat(k.location().getCoordinate().x).isEqualTo(118.5));
        }
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ST_X(geom), ST_Y(geom), attgenerated FROM " + schema
                     + ".school_posts, pg_attribute WHERE attrelid = '" + schema + ".school_posts'::regclass"
                     + " AND attname = 'geom'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(lon);
            assertThat(rs.getDouble(2)).isEqualTo(lat);
            assertThat(rs.getString(3)).as("generated column").isEqualTo("s");
        }
    }

    /**
     * A schema at version 6 (severity 1 the least serious, 4 the most) has every incident's grade
     * turned round by the migration: Ⅰ (1) is the most serious now, and no other value is accepted.
     */
    @Test
    void aVersion6SchemaGetsTheNationalSeverityGrades() throws Exception {
        PostgisTestDatabase.Settings s = PostgisTestDatabase.get();
        org.flywaydb.core.Flyway.configure().dataSource(s.url(), s.user(), s.password()).schemas(schema)
                .defaultSchema(schema).createSchemas(true).locations(PostgisSchema.LOCATION).target("6").load()
                .migrate();
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema + ", public");
            for (int old = 1; old <= 4; old++) {
                st.execute("INSERT INTO incidents (id, source, category, severity, lon, lat, original_crs, original_lon,"
                        + " original_lat, grid_code, title, reported_at, received_at, status) VALUES (" + old
                        + ", 'police_call', 'public_order', " + old + ", 118.0, 37.4, 'EPSG:4326', 118.0, 37.4,"
                        + " '371602001001003', '事件', now(), now(), 'reported')");
            }
        }
        open(schema).close();
        open(schema).close(); // reopening migrates nothing
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            List<Integer> grades = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT severity FROM " + schema + ".incidents ORDER BY id")) {
                while (rs.next()) {
                    grades.add(rs.getInt(1));
                }
            }
            assertThat(grades).containsExactly(4, 3, 2, 1);
            assertThatThrownBy(() -> st.executeUpdate("UPDATE " + schema + ".incidents SET severity = 5 WHERE id = 1"))
                    .isInstanceOf(java.sql.SQLException.class).hasMessageContaining("incidents_severity_grade");
        }
    }

    /** A schema at version 7 (steps without actions): each step gets the action its status change implied. */
    @Test
    void aVersion7SchemaGetsCaseActions() throws Exception {
        PostgisTestDatabase.Settings s = PostgisTestDatabase.get();
        org.flywaydb.core.Flyway.configure().dataSource(s.url(), s.user(), s.password()).schemas(schema)
                .defaultSchema(schema).createSchemas(true).locations(PostgisSchema.LOCATION).target("7").load()
                .migrate();
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema + ", public");
            st.execute("INSERT INTO incidents (id, source, category, severity, lon, lat, original_crs, original_lon,"
                    + " original_lat, grid_code, title, reported_at, received_at, status) VALUES (1, 'police_call',"
                    + " 'public_order', 2, 118.0, 37.4, 'EPSG:4326', 118.0, 37.4, '371602001001003', '事件', now(), now(),"
                    + " 'handled')");
            st.execute("INSERT INTO incident_transitions (incident_id, seq, from_status, to_status, actor, at, unit_id)"
                    + " VALUES (1, 0, NULL, 'reported', 'x', now(), NULL), (1, 1, 'accepted', 'dispatched', 'x', now(), 'U1'),"
                    + " (1, 2, 'dispatched', 'on_scene', 'x', now(), 'U1'), (1, 3, 'on_scene', 'handled', 'x', now(), NULL)");
        }
        open(schema).close();
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            List<String> actions = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT action FROM " + schema + ".incident_transitions ORDER BY seq")) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
            assertThat(actions).containsExactly("status", "dispatch", "arrive", "status");
        }
    }

    @Test
    void aVersion10SchemaGetsTerminalCoordinateSystems() throws Exception {
        PostgisTestDatabase.Settings s = PostgisTestDatabase.get();
        org.flywaydb.core.Flyway.configure().dataSource(s.url(), s.user(), s.password()).schemas(schema)
                .defaultSchema(schema).createSchemas(true).locations(PostgisSchema.LOCATION).target("10").load()
                .migrate();
        try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("SET search_path TO " + schema + ", public");
            st.execute("INSERT INTO devices (id, unit_id, terminal_id, key_hash, created_at) VALUES"
                    + " ('dev-00000001', 'U1', '013800000001', '" + "a".repeat(64) + "', now())");
        }
        try (var store = open(schema)) {
            assertThat(store.devices()).singleElement().satisfies(d -> {
                assertThat(d.terminalId()).isEqualTo("013800000001");
                assertThat(d.crs()).as("terminals registered before report WGS84").isEqualTo(org.gridwatch.geo.Crs.WGS84);
            });
        }
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
