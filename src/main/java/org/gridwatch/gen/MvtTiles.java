package org.gridwatch.gen;

import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.IGeometryFilter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.JtsAdapter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.MvtEncoder;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.UserDataKeyValueMapConverter;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsLayer;
import io.github.sebasbaumh.mapbox.vectortile.adapt.jts.model.JtsMvt;
import io.github.sebasbaumh.mapbox.vectortile.build.MvtLayerParams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Encodes Mapbox Vector Tiles 2.1 (extent {@value #EXTENT}, a {@value #BUFFER}-unit buffer) from
 * geometries in Web Mercator metres (EPSG:3857) with their properties as user data
 * ({@code Map<String, Object>}), with mapbox-vector-tile-java: clipped to the buffered tile, moved
 * to tile coordinates (y down), encoded, gzip-compressed as MBTiles holds vector tiles. A small
 * helper of the demo basemap, kept apart so that another encoder can stand in. Stateless;
 * thread-safe.
 */
final class MvtTiles {
    /** Tile coordinates per tile side. */
    static final int EXTENT = 4096;
    /** Tile units of geometry kept beyond each edge, so that lines and fills join across tiles. */
    static final int BUFFER = 64;
    /** Half the side of the Web Mercator square, metres (π × 6,378,137). */
    static final double HALF_WORLD = Math.PI * 6_378_137.0;
    private static final GeometryFactory FACTORY = new GeometryFactory();
    private static final MvtLayerParams PARAMS = new MvtLayerParams(EXTENT);
    /** Keeps every geometry, however small it becomes at the tile's scale. */
    private static final IGeometryFilter ALL = g -> true;

    private MvtTiles() {
    }

    /** Web Mercator x, y (metres) of a WGS84 lon/lat. */
    static Coordinate mercator(double lon, double lat) {
        double y = Math.log(Math.tan(Math.PI / 4 + Math.toRadians(lat) / 2)) * 6_378_137.0;
        return new Coordinate(Math.toRadians(lon) * 6_378_137.0, y);
    }

    /** The Web Mercator envelope of tile z/x/y (XYZ, row 0 at the north). */
    static Envelope tileEnvelope(int z, int x, int y) {
        double size = 2 * HALF_WORLD / (1 << z);
        double minX = -HALF_WORLD + x * size;
        double maxY = HALF_WORLD - y * size;
        return new Envelope(minX, minX + size, maxY - size, maxY);
    }

    /** Metres of one tile unit at zoom z: the scale to simplify to. */
    static double unitMetres(int z) {
        return 2 * HALF_WORLD / (1 << z) / EXTENT;
    }

    /**
     * The gzip-compressed tile holding {@code layers} (name → geometries in metres with their
     * properties), or null when no geometry reaches the tile.
     */
    static byte[] encode(int z, int x, int y, Map<String, List<Geometry>> layers) {
        Envelope tile = tileEnvelope(z, x, y);
        Envelope clip = new Envelope(tile);
        clip.expandBy(tile.getWidth() * BUFFER / EXTENT);
        List<JtsLayer> out = new ArrayList<>();
        for (Map.Entry<String, List<Geometry>> e : layers.entrySet()) {
            List<Geometry> inTile = new ArrayList<>();
            for (Geometry g : e.getValue()) {
                if (!g.getEnvelopeInternal().intersects(clip)) {
                    continue;
                }
                Geometry t = JtsAdapter.createTileGeom(g, tile, clip, FACTORY, PARAMS, ALL);
                for (int i = 0; i < t.getNumGeometries(); i++) {
                    Geometry part = t.getGeometryN(i);
                    if (!part.isEmpty()) {
                        part.setUserData(g.getUserData());
                        inTile.add(part);
                    }
                }
            }
            if (!inTile.isEmpty()) {
                out.add(new JtsLayer(e.getKey(), inTile, EXTENT));
            }
        }
        if (out.isEmpty()) {
            return null;
        }
        byte[] mvt = MvtEncoder.encode(new JtsMvt(out), PARAMS, new UserDataKeyValueMapConverter());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(mvt.length / 2 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(mvt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
