package org.gridwatch.web;

import java.nio.file.Path;
import org.gridwatch.testsupport.PostgisTestDatabase;
import org.gridwatch.testsupport.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link PositionIngestContract} on the PostGIS store (COPY and the one-statement unit update), in a schema of its own. */
@ExtendWith(PostgisTestDatabase.Condition.class)
class PositionIngestPostgisTest extends PositionIngestContract {
    private final String schema = PostgisTestDatabase.freshSchema();

    @Override
    TestServer start(Path dir) throws Exception {
        return TestServer.start(dir, PostgisTestDatabase.serverEnv(schema));
    }

    @AfterAll
    void dropSchema() {
        PostgisTestDatabase.dropSchema(schema);
    }
}
