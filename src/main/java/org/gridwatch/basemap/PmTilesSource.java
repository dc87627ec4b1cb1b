package org.gridwatch.basemap;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A PMTiles v3 archive read from a local file ({@link PmTiles} has the encoding): the header and
 * root directory read at open, leaf directories read when first needed and kept (at most
 * {@value #LEAF_CACHE} of them, least recently used dropped), tiles read with positional reads of
 * one shared {@link FileChannel}. Internal compression none or gzip; tiles uncompressed or gzip
 * ({@link Tile#gzip()}); tile types MVT, PNG, JPEG, WebP.
 *
 * <p>Thread-safe: positional channel reads need no lock; the leaf cache is synchronized.
 */
public final class PmTilesSource implements TileSource {
    private static final int LEAF_CACHE = 64;
    /** Leaf directories nest at most this deep below the root (writers use 1). */
    private static final int MAX_DEPTH = 4;
    private final Path path;
    private final FileChannel channel;
    private final PmTiles.Header header;
    private final PmTiles.Entry[] root;
    private final TileSetInfo info;
    private final Map<Long, PmTiles.Entry[]> leaves = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, PmTiles.Entry[]> eldest) {
            return size() > LEAF_CACHE;
        }
    };

    private PmTilesSource(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        if (channel.size() < PmTiles.HEADER_BYTES) {
            throw new IOException("shorter (" + channel.size() + " bytes) than the 127-byte PMTiles header");
        }
        this.header = PmTiles.header(read(0, PmTiles.HEADER_BYTES));
        if (header.tileCompression() != PmTiles.NONE && header.tileCompression() != PmTiles.GZIP) {
            throw new IOException("tile compression " + PmTiles.compressionName(header.tileCompression())
                    + " is not supported (only none and gzip)");
        }
        TileFormat format = switch (header.tileType()) {
            case 1 -> TileFormat.MVT;
            case 2 -> TileFormat.PNG;
            case 3 -> TileFormat.JPEG;
            case 4 -> TileFormat.WEBP;
            default -> throw new IOException("tile type " + header.tileType() + " is not one of MVT (1), PNG (2), "
                    + "JPEG (3), WebP (4)");
        };
        if (header.minZoom() > header.maxZoom() || header.maxZoom() > PmTiles.MAX_ZOOM) {
            throw new IOException("zooms " + header.minZoom() + "-" + header.maxZoom() + " are not 0 <= min <= max <= "
                    + PmTiles.MAX_ZOOM);
        }
        this.root = directory(header.rootOffset(), header.rootLength());
        JsonObject metadata = metadata();
        JsonArray layers = metadata.getValue("vector_layers") instanceof JsonArray a ? a : new JsonArray();
        double[] bounds = {header.minLon(), header.minLat(), header.maxLon(), header.maxLat()};
        double[] center = {header.centerLon(), header.centerLat(), header.centerZoom()};
        this.info = new TileSetInfo(text(metadata, "name", path.getFileName().toString()), text(metadata, "description", ""),
                text(metadata, "attribution", ""), text(metadata, "version", ""), format, header.minZoom(),
                header.maxZoom(), bounds, center, layers);
    }

    /**
     * Opens a PMTiles file, reads and checks its header, root directory and metadata.
     *
     * @throws IOException naming the file and what is wrong (missing, not PMTiles v3, an unsupported
     *                     compression or tile type, a corrupt directory or metadata)
     */
    public static PmTilesSource open(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IOException("no readable file " + path);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new PmTilesSource(path, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException(path + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject o, String key, String fallback) {
        return o.getValue(key) instanceof String s ? s : fallback;
    }

    private JsonObject metadata() throws IOException {
        if (header.metadataLength() == 0) {
            return new JsonObject();
        }
        byte[] bytes = PmTiles.decompress(bytes(header.metadataOffset(), header.metadataLength()),
                header.internalCompression());
        try {
            return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        } catch (DecodeException e) {
            throw new IOException("the JSON metadata is not a JSON object: " + e.getMessage());
        }
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
        try {
            return find(PmTiles.tileId(z, x, y));
        } catch (IOException e) {
            throw new IOException(path + ": tile " + z + "/" + x + "/" + y + ": " + e.getMessage(), e);
        }
    }

    private Optional<Tile> find(long id) throws IOException {
        PmTiles.Entry[] dir = root;
        for (int depth = 0; depth <= MAX_DEPTH; depth++) {
            PmTiles.Entry e = PmTiles.find(dir, id);
            if (e == null) {
                return Optional.empty();
            }
            if (e.runLength() > 0) {
                byte[] data = bytes(header.dataOffset() + e.offset(), e.length());
                return Optional.of(new Tile(data, header.tileCompression() == PmTiles.GZIP));
            }
            dir = leaf(header.leafOffset() + e.offset(), e.length());
        }
        throw new IOException("leaf directories nest deeper than " + MAX_DEPTH + " levels");
    }

    private PmTiles.Entry[] leaf(long offset, long length) throws IOException {
        synchronized (leaves) {
            PmTiles.Entry[] cached = leaves.get(offset);
            if (cached != null) {
                return cached;
            }
        }
        PmTiles.Entry[] dir = directory(offset, length);
        synchronized (leaves) {
            leaves.put(offset, dir);
        }
        return dir;
    }

    private PmTiles.Entry[] directory(long offset, long length) throws IOException {
        try {
            return PmTiles.directory(PmTiles.decompress(bytes(offset, length), header.internalCompression()));
        } catch (IOException e) {
            throw new IOException("corrupt directory at byte " + offset + ": " + e.getMessage(), e);
        }
    }

    private byte[] bytes(long offset, long length) throws IOException {
        if (length < 0 || length > Integer.MAX_VALUE - 8) {
            throw new IOException("a section of " + length + " bytes");
        }
        ByteBuffer b = read(offset, (int) length);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private ByteBuffer read(long offset, int length) throws IOException {
        if (offset < 0 || offset + length > channel.size()) {
            throw new IOException("bytes " + offset + "+" + length + " lie beyond the end of the file ("
                    + channel.size() + " bytes)");
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (channel.read(b, offset + b.position()) < 0) {
                throw new IOException("the file ends at byte " + (offset + b.position()));
            }
        }
        return b.flip();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only channel: nothing to flush
        }
    }

}
