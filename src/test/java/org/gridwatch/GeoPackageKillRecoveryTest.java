package org.gridwatch;

import java.nio.file.Path;
import java.util.Map;

/** {@link KillRecoveryContract} on the GeoPackage store (synchronous=NORMAL, the default). */
class GeoPackageKillRecoveryTest extends KillRecoveryContract {
    @Override
    protected Map<String, String> storeEnv(Path dir) {
        // The file TestServer opens for the restart.
        return Map.of("GRIDWATCH_STORE_TYPE", "geopackage", "GRIDWATCH_STORE_PATH", dir.resolve("gridwatch.gpkg").toString());
    }
}
