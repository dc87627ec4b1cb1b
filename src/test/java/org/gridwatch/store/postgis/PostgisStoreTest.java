package org.gridwatch.store.postgis;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gridwatch.store.Store;
import org.gridwatch.store.StoreContractTest;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.junit.jupiter.api.AfterEach;
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
}
