package org.gridwatch.basemap;

import java.io.IOException;
import java.util.Optional;

/**
 * A tile archive opened for reading: its description and its tiles by XYZ address.
 *
 * <p>Implementations are thread-safe; {@link #tile} does blocking file I/O, so it runs on a worker,
 * never on an event loop. {@code TileSourceContract} is the shared test suite of every implementation.
 */
public interface TileSource extends AutoCloseable {
    /** What the archive holds (read once when it was opened). */
    TileSetInfo info();

    /**
     * The stored tile at zoom {@code z}, column {@code x}, row {@code y} (XYZ: row 0 at the north), or
     * empty when the archive holds none there (including a zoom outside its range).
     *
     * @throws IllegalArgumentException when {@code z} is outside 0–30 or {@code x}, {@code y} outside 0 … 2^z − 1
     * @throws IOException              when the file cannot be read or is corrupt at that place
     */
    Optional<Tile> tile(int z, int x, int y) throws IOException;

    /** Closes the archive; later reads fail. */
    @Override
    void close();

    /**
     * Checks a tile address ({@link #checkAddress}) and says whether {@code info}'s zooms include it.
     *
     * @throws IllegalArgumentException when the address is outside its zoom
     */
    static boolean held(TileSetInfo info, int z, int x, int y) {
        checkAddress(z, x, y);
        return z >= info.minZoom() && z <= info.maxZoom();
    }

    /** Checks a tile address: z in 0–30, x and y in 0 … 2^z − 1. */
    static void checkAddress(int z, int x, int y) {
        if (z < 0 || z > 30) {
            throw new IllegalArgumentException("z: " + z + " is outside 0-30");
        }
        int n = 1 << z;
        if (x < 0 || x >= n) {
            throw new IllegalArgumentException("x: " + x + " is outside 0-" + (n - 1) + " at zoom " + z);
        }
        if (y < 0 || y >= n) {
            throw new IllegalArgumentException("y: " + y + " is outside 0-" + (n - 1) + " at zoom " + z);
        }
    }
}
