package org.gridwatch.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.gridwatch.store.Store;
import org.gridwatch.store.StoreContractTest;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the shared {@link StoreContractTest} against {@link PostgisStore}, each test in a fresh
 * schema of the test database ({@link PostgisTestDatabase}), dropped afterwards.
 */
@ExtendWith(PostgisTestDatabase.Condition.class)
class PostgisStoreTest extends StoreContractTest {
    private final Map<Path, String> schemas = new HashMap<>();

    static Store open(String schema) {
        PostgisTestDatabase.Settings s = PostgisTestDatabase.get();
        return PostgisStore.open(s.url(), s.user(), s.password(), schema);
    }

    @Override
    protected Store openStore(Path dir) {
        String schema = PostgisTestDatabase.freshSchema();
        schemas.put(dir, schema);
        return open(schema);
    }

    @Override
    protected Store reopenStore(Path dir) {
        return open(schemas.get(dir));
    }

    @AfterEach
    void dropSchemas() {
        // Runs before the contract's @AfterEach closes the store; its idle connections hold no locks.
        schemas.values().forEach(PostgisTestDatabase::dropSchema);
    }

    /** Track rows travel as COPY text: ids with tabs, newlines and backslashes must arrive intact. */
    @Test
    void copyEscapesUnitIds() {
        String odd = "U\\1\t2\n3\r4";
        try (Store s = openStore(dir.resolve("copy"))) {
            s.upsertUnits(List.of(new UnitRecord(unit(odd, UnitKind.FOOT_PATROL), UnitStatus.AVAILABLE, null)));
            Position p = fix(odd, 118.0, 37.4, 5);
            s.appendPositions(List.of(p, bare(odd, 118.1, 37.5, 6)));
            assertThat(s.track(odd, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))
                    .containsExactly(p, bare(odd, 118.1, 37.5, 6));
            assertThat(s.loadUnits()).extracting(UnitRecord::id).containsExactly(odd);
        }
    }

    private static List<String> trackPartitions(String schema) throws Exception {
        return PostgisSchemaTest.tables(schema).stream().filter(t -> t.startsWith("tracks_")).toList();
    }

    /**
     * Retention drops the day partitions before the day at once, whatever maxPositions says, and
     * clears old rows of a DEFAULT partition (which GridWatch never makes, an operator might) by
     * DELETE in pieces of maxPositions.
     */
    @Test
    void retentionDropsDayPartitionsAndDeletesFromADefaultPartitionInPieces() throws Exception {
        String schema = PostgisTestDatabase.freshSchema();
        schemas.put(dir.resolve("retention"), schema);
        try (Store s = open(schema)) {
            s.upsertUnits(List.of(new UnitRecord(unit("U1", UnitKind.POLICE_CAR), UnitStatus.AVAILABLE, null)));
            Instant keep = Instant.parse("2025-03-01T08:00:00Z");
            s.appendPositions(List.of(Position.of("U1", 118.0, 37.4, Instant.parse("2025-01-01T00:00:00Z")),
                    Position.of("U1", 118.0, 37.4, Instant.parse("2025-01-02T23:59:59.999999Z")),
                    Position.of("U1", 118.1, 37.5, keep)));
            assertThat(trackPartitions(schema)).containsExactly("tracks_p20250101", "tracks_p20250102",
                    "tracks_p20250301");
            try (Connection c = PostgisTestDatabase.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + schema + ".tracks_default PARTITION OF " + schema + ".tracks DEFAULT");
                st.execute("INSERT INTO " + schema + ".tracks (unit_id, time, lon, lat) SELECT 'U1',"
                        + " timestamptz '2024-06-01 00:00:00+00' + g * interval '1 minute', 118.2, 37.6"
                        + " FROM generate_series(1, 5) g");
            }
            assertThat(s.track("U1", Instant.EPOCH, keep.plusSeconds(1))).hasSize(8);

            LocalDate cut = LocalDate.parse("2025-02-01");
            assertThat(s.deleteTracksBefore(cut, 2)).isFalse();
            assertThat(trackPartitions(schema)).containsExactly("tracks_default", "tracks_p20250301");
            assertThat(s.track("U1", Instant.EPOCH, keep.plusSeconds(1))).hasSize(4);
            assertThat(s.deleteTracksBefore(cut, 2)).isFalse();
            assertThat(s.deleteTracksBefore(cut, 2)).isTrue();
            assertThat(s.track("U1", Instant.EPOCH, keep.plusSeconds(1))).containsExactly(
                    Position.of("U1", 118.1, 37.5, keep));
            // A dropped day can be written again: its partition is made anew.
            s.appendPositions(List.of(Position.of("U1", 118.0, 37.4, Instant.parse("2025-01-02T12:00:00Z"))));
            assertThat(trackPartitions(schema)).contains("tracks_p20250102");
        }
    }
}
