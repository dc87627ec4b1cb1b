package org.gridwatch.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
}
