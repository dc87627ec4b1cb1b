package org.gridwatch.basemap;

import io.vertx.core.json.JsonArray;
import java.util.Objects;

/**
 * What a tile archive says about itself (MBTiles {@code metadata}, the PMTiles header and JSON
 * metadata). Immutable.
 *
 * @param name         a name for people (the file name when the archive has none)
 * @param description  free text, may be empty
 * @param attribution  who made the data, may be empty
 * @param version      the tileset's version, may be empty
 * @param format       what the tiles are
 * @param minZoom      lowest zoom held
 * @param maxZoom      highest zoom held
 * @param bounds       west, south, east, north in WGS84 degrees
 * @param center       longitude, latitude (degrees) and zoom of a sensible first view
 * @param vectorLayers the TileJSON {@code vector_layers} of a vector archive (objects with {@code id},
 *                     {@code fields}, …); empty for raster
 */
public record TileSetInfo(String name, String description, String attribution, String version, TileFormat format,
                          int minZoom, int maxZoom, double[] bounds, double[] center, JsonArray vectorLayers) {
    /** The whole Web Mercator world, for an archive that states no bounds. */
    static final double[] WORLD = {-180, -85.051129, 180, 85.051129};

    public TileSetInfo {
        Objects.requireNonNull(format, "format");
        bounds = bounds.clone();
        center = center.clone();
        vectorLayers = vectorLayers.copy();
    }

    @Override
    public double[] bounds() {
        return bounds.clone();
    }

    @Override
    public double[] center() {
        return center.clone();
    }

    @Override
    public JsonArray vectorLayers() {
        return vectorLayers.copy();
    }

    /** The ids of the vector layers, in the archive's order. */
    public java.util.List<String> layerIds() {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (Object o : vectorLayers) {
            if (o instanceof io.vertx.core.json.JsonObject l && l.getValue("id") instanceof String id) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** The centre of the bounds at a zoom a little above the lowest. */
    static double[] defaultCenter(double[] bounds, int minZoom, int maxZoom) {
        return new double[] {(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2,
                Math.min(maxZoom, minZoom + 2)};
    }
}
