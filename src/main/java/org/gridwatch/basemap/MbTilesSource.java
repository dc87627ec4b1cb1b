package org.gridwatch.basemap;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.sqlite.SQLiteConfig;

/**
 * An MBTiles 1.3 archive (SQLite): tiles from the {@code tiles} table or view ({@code zoom_level},
 * {@code tile_column}, {@code tile_row}, {@code tile_data}; rows in the TMS scheme, counted from the
 * south, so row = 2^z − 1 − y), the description from the {@code metadata} table ({@code name},
 * {@code format}, {@code bounds}, {@code center}, {@code minzoom}, {@code maxzoom}, {@code json} with
 * {@code vector_layers}, …). Vector tiles may be stored gzip-compressed, as most writers do; each
 * tile says whether it is ({@link Tile#gzip()}).
 *
 * <p>Opened read-only. Thread-safe: a small pool of read-only connections, one per concurrent read
 * (SQLite readers do not block each other).
 */
public final class MbTilesSource implements TileSource {
    private static final int CONNECTIONS = 4;
    private final Path path;
    private final TileSetInfo info;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(CONNECTIONS);
    private final List<Connection> all = new ArrayList<>();
    private volatile boolean closed;

    private MbTilesSource(Path path, List<Connection> connections, TileSetInfo info) {
        this.path = path;
        this.info = info;
        all.addAll(connections);
        idle.addAll(connections);
    }

    /**
     * Opens an MBTiles file and reads its description.
     *
     * @throws IOException naming the file and what is wrong: missing, not SQLite, no {@code tiles} or
     *                     {@code metadata} table, an unknown {@code format}, an unreadable number
     */
    public static MbTilesSource open(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IOException("no readable file " + path);
        }
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(connect(path));
            }
            TileSetInfo info = readInfo(connections.get(0), path);
            return new MbTilesSource(path, connections, info);
        } catch (SQLException e) {
            closeAll(connections);
            throw new IOException(path + " is not a readable MBTiles file: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeAll(connections);
            throw e;
        }
    }

    private static Connection connect(Path path) throws SQLException {
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        return c.createConnection("jdbc:sqlite:" + path.toAbsolutePath());
    }

    private static TileSetInfo readInfo(Connection c, Path path) throws SQLException, IOException {
        Map<String, String> meta = new HashMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT name, value FROM metadata")) {
                while (rs.next()) {
                    meta.put(rs.getString(1), rs.getString(2));
                }
            }
            // Probes that the tiles table (or view) exists and has its columns.
            try (ResultSet rs = s.executeQuery("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles LIMIT 1")) {
                rs.next();
            }
        }
        String formatName = meta.get("format");
        TileFormat format = TileFormat.ofName(formatName).orElseThrow(() -> new IOException(path
                + ": metadata format '" + formatName + "' is not one of pbf, png, jpg, webp"));
        int[] zooms = zoomRange(c, meta, path);
        double[] bounds = meta.containsKey("bounds") ? numbers(meta.get("bounds"), 4, "bounds", path) : TileSetInfo.WORLD;
        double[] center = meta.containsKey("center") ? numbers(meta.get("center"), 3, "center", path)
                : TileSetInfo.defaultCenter(bounds, zooms[0], zooms[1]);
        JsonArray layers = new JsonArray();
        if (meta.containsKey("json")) {
            try {
                JsonArray l = new JsonObject(meta.get("json")).getJsonArray("vector_layers");
                layers = l == null ? layers : l;
            } catch (DecodeException | ClassCastException e) {
                throw new IOException(path + ": metadata json is not a JSON object with vector_layers: " + e.getMessage());
            }
        }
        String name = meta.getOrDefault("name", path.getFileName().toString());
        return new TileSetInfo(name, meta.getOrDefault("description", ""), meta.getOrDefault("attribution", ""),
                meta.getOrDefault("version", ""), format, zooms[0], zooms[1], bounds, center, layers);
    }

    /** minzoom and maxzoom from the metadata, else from the tiles themselves. */
    private static int[] zoomRange(Connection c, Map<String, String> meta, Path path) throws SQLException, IOException {
        if (meta.containsKey("minzoom") && meta.containsKey("maxzoom")) {
            int min = (int) numbers(meta.get("minzoom"), 1, "minzoom", path)[0];
            int max = (int) numbers(meta.get("maxzoom"), 1, "maxzoom", path)[0];
            if (min < 0 || max > 30 || min > max) {
                throw new IOException(path + ": metadata minzoom " + min + " and maxzoom " + max + " are not 0 <= min <= max <= 30");
            }
            return new int[] {min, max};
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT min(zoom_level), max(zoom_level) FROM tiles")) {
            rs.next();
            if (rs.getObject(1) == null) {
                throw new IOException(path + ": holds no tiles and states no minzoom/maxzoom");
            }
            return new int[] {rs.getInt(1), rs.getInt(2)};
        }
    }

    private static double[] numbers(String text, int n, String key, Path path) throws IOException {
        String[] parts = text.split(",");
        if (parts.length != n) {
            throw new IOException(path + ": metadata " + key + " '" + text + "' is not " + n + " comma-separated numbers");
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IOException(path + ": metadata " + key + " '" + text + "' is not " + n + " comma-separated numbers");
            }
        }
        return out;
    }

    @Override
    public TileSetInfo info() {
        return info;
    }

    @Override
    public Optional<Tile> tile(int z, int x, int y) throws IOException {
        if (!TileSource.held(info, z, x, y)) {
            return Optional.empty();
        }
        Connection c = take();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")) {
            ps.setInt(1, z);
            ps.setInt(2, x);
            ps.setInt(3, (1 << z) - 1 - y);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] data = rs.getBytes(1);
                return data == null || data.length == 0 ? Optional.empty() : Optional.of(new Tile(data, Tile.gzipped(data)));
            }
        } catch (SQLException e) {
            throw new IOException(path + ": cannot read tile " + z + "/" + x + "/" + y + ": " + e.getMessage(), e);
        } finally {
            idle.add(c);
        }
    }

    private Connection take() throws IOException {
        if (closed) {
            throw new IOException(path + " is closed");
        }
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to read " + path, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeAll(all);
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection c : connections) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a read-only connection: nothing was written, nothing to lose
            }
        }
    }

}
