package org.gridwatch.basemap;

/** The PMTiles tile id for tests of other packages that write PMTiles fixtures. */
public final class PmTilesTestAccess {
    private PmTilesTestAccess() {
    }

    /** {@link PmTiles#tileId}. */
    public static long tileId(int z, int x, int y) {
        return PmTiles.tileId(z, x, y);
    }
}
