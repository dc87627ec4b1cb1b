package org.gridwatch;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@link KillRecoveryContract} with the position journal in front of the GeoPackage store: every
 * position batch is acknowledged once it is in the journal; the store is written behind. After
 * {@code kill -9} the new server replays the journal's entries the store lacks before it serves,
 * so every acknowledged position is in its tracks.
 */
class JournaledKillRecoveryTest extends KillRecoveryContract {
    @Override
    protected Map<String, String> storeEnv(Path dir) {
        return Map.of("GRIDWATCH_STORE_TYPE", "geopackage", "GRIDWATCH_STORE_PATH", dir.resolve("gridwatch.gpkg").toString(),
                "GRIDWATCH_STORE_JOURNAL_DIR", dir.resolve("journal").toString());
    }
}
