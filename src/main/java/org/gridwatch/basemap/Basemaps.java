package org.gridwatch.basemap;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The basemap of {@code basemap.*}: the tile archives by id, in their configured order, and the
 * configured style (or none: {@link #style} then generates one). Archives are told apart by their
 * first bytes (PMTiles magic number, SQLite header), not by their names.
 *
 * <p>Thread-safe: immutable after {@link #open}; the archives are thread-safe.
 */
public final class Basemaps implements AutoCloseable {
    /** A configured archive: {@code basemap.sources[i].id} and {@code .path}. */
    public record SourceFile(String id, Path path) {
    }

    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PMTILES = "PMTiles".getBytes(StandardCharsets.US_ASCII);
    private static final Basemaps NONE = new Basemaps(Map.of(), List.of(), null);
    private final Map<String, TileSource> sources;
    private final List<SourceFile> files;
    private final JsonObject style;

    private Basemaps(Map<String, TileSource> sources, List<SourceFile> files, JsonObject style) {
        this.sources = Collections.unmodifiableMap(sources);
        this.files = List.copyOf(files);
        this.style = style;
    }

    /** No basemap: {@code /basemap/style.json} answers 404 and the pages draw the city alone. */
    public static Basemaps none() {
        return NONE;
    }

    /**
     * Opens every archive and reads the style.
     *
     * @param files the archives, ids unique
     * @param style a MapLibre style file, or null to generate one from the archives
     * @throws IOException naming the configuration key ({@code basemap.sources[i].path},
     *                     {@code basemap.style}) and what is wrong; nothing stays open then
     */
    public static Basemaps open(List<SourceFile> files, Path style) throws IOException {
        Map<String, TileSource> opened = new LinkedHashMap<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                SourceFile f = files.get(i);
                try {
                    opened.put(f.id(), openArchive(f.path()));
                } catch (IOException e) {
                    throw new IOException("basemap.sources[" + i + "].path (" + f.id() + "): " + e.getMessage(), e);
                }
            }
            JsonObject s = style == null ? null : readStyle(style, opened);
            return new Basemaps(opened, files, s);
        } catch (IOException | RuntimeException e) {
            opened.values().forEach(TileSource::close);
            throw e;
        }
    }

    /** Opens an MBTiles or PMTiles file, recognised by its first bytes. */
    public static TileSource openArchive(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IOException("no readable file " + path);
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(SQLITE.length);
        }
        if (startsWith(head, PMTILES)) {
            return PmTilesSource.open(path);
        }
        if (startsWith(head, SQLITE)) {
            return MbTilesSource.open(path);
        }
        throw new IOException(path + " is neither an MBTiles (SQLite) nor a PMTiles file");
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static JsonObject readStyle(Path path, Map<String, TileSource> opened) throws IOException {
        try {
            JsonObject s = new JsonObject(Files.readString(path, StandardCharsets.UTF_8));
            BasemapStyle.check(s, opened.keySet());
            return s;
        } catch (IOException e) {
            throw new IOException("basemap.style: cannot read " + path + ": " + e.getMessage(), e);
        } catch (DecodeException | IllegalArgumentException e) {
            throw new IOException("basemap.style: " + path + ": " + e.getMessage(), e);
        }
    }

    /** True when at least one archive is configured. */
    public boolean configured() {
        return !sources.isEmpty();
    }

    /** The archive of {@code id}. */
    public Optional<TileSource> source(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    /** The archives by id, in configured order. */
    public Map<String, TileSource> sources() {
        return sources;
    }

    /** The style for a page served from {@code origin} ({@code http://host:port}): the configured one or a generated one. */
    public JsonObject style(String origin) {
        return style != null ? BasemapStyle.rewrite(style, sources.keySet(), origin)
                : BasemapStyle.generate(sources, origin);
    }

    /** For the start-up log: each id with its archive and what it holds. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (SourceFile f : files) {
            TileSetInfo i = sources.get(f.id()).info();
            parts.add(f.id() + " = " + f.path() + " (" + i.format().extension() + ", z" + i.minZoom() + "-" + i.maxZoom() + ")");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts) + (style != null ? ", configured style" : ", generated style");
    }

    @Override
    public void close() {
        sources.values().forEach(TileSource::close);
    }
}
