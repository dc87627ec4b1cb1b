package org.gridwatch.basemap;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What a tile archive holds: vector tiles (MVT) or raster images. Immutable. */
public enum TileFormat {
    /** Mapbox Vector Tile 2.1 (protobuf), served as {@code .pbf} or {@code .mvt}. */
    MVT("pbf", "application/vnd.mapbox-vector-tile", List.of("pbf", "mvt")),
    PNG("png", "image/png", List.of("png")),
    JPEG("jpg", "image/jpeg", List.of("jpg", "jpeg")),
    WEBP("webp", "image/webp", List.of("webp"));

    private final String extension;
    private final String contentType;
    private final List<String> extensions;

    TileFormat(String extension, String contentType, List<String> extensions) {
        this.extension = extension;
        this.contentType = contentType;
        this.extensions = extensions;
    }

    /** The extension of the tile URLs this server gives out ({@code pbf}, {@code png}, {@code jpg}, {@code webp}). */
    public String extension() {
        return extension;
    }

    /** Every extension a tile URL of this format may end in. */
    public List<String> extensions() {
        return extensions;
    }

    /** The {@code Content-Type} of a tile. */
    public String contentType() {
        return contentType;
    }

    /** True for vector tiles. */
    public boolean vector() {
        return this == MVT;
    }

    /** The format named by an MBTiles {@code metadata.format} value ({@code pbf}, {@code png}, {@code jpg}, {@code webp}). */
    public static Optional<TileFormat> ofName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (TileFormat f : values()) {
            if (f.extensions.contains(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
