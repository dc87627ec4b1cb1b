package org.gridwatch;

import java.nio.file.Path;
import java.util.Map;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link KillRecoveryContract} on the PostGIS store, in a schema of its own. */
@ExtendWith(PostgisTestDatabase.Condition.class)
class PostgisKillRecoveryTest extends KillRecoveryContract {
    private final String schema = PostgisTestDatabase.freshSchema();

    @Override
    protected Map<String, String> storeEnv(Path dir) {
        return PostgisTestDatabase.serverEnv(schema);
    }

    @AfterEach
    void drop() {
        PostgisTestDatabase.dropSchema(schema);
    }
}
