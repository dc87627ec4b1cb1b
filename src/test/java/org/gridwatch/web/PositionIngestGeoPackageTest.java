package org.gridwatch.web;

import java.nio.file.Path;
import org.gridwatch.testsupport.TestServer;

/** {@link PositionIngestContract} on the GeoPackage store. */
class PositionIngestGeoPackageTest extends PositionIngestContract {
    @Override
    TestServer start(Path dir) throws Exception {
        return TestServer.start(dir);
    }
}
