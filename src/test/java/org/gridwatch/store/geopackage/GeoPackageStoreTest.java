package org.gridwatch.store.geopackage;

import java.nio.file.Path;
import org.gridwatch.store.Store;
import org.gridwatch.store.StoreContractTest;

/** Runs the shared {@link StoreContractTest} against {@link GeoPackageStore} (synchronous=NORMAL). */
class GeoPackageStoreTest extends StoreContractTest {

    private static Path file(Path dir) {
        // A sub-directory that does not exist yet: open must create it.
        return dir.resolve("data").resolve("gridwatch.gpkg");
    }

    @Override
    protected Store openStore(Path dir) {
        return GeoPackageStore.open(file(dir), false);
    }

    @Override
    protected Store reopenStore(Path dir) {
        return GeoPackageStore.open(file(dir), true);
    }
}
