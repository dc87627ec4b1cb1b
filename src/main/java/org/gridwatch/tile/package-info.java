/**
 * Vector tiles: the WebMercatorQuad tile grid ({@link org.gridwatch.tile.TileId},
 * {@link org.gridwatch.tile.WebMercator}), Mapbox Vector Tile 2.1 encoding of WGS84 geometry with
 * clipping and simplification per zoom ({@link org.gridwatch.tile.TileEncoder}), the per-tile
 * change log that tells which tiles changed ({@link org.gridwatch.tile.TileVersions}), and a
 * byte-bounded cache of encoded tiles ({@link org.gridwatch.tile.TileCache}).
 *
 * <p>Polygons take a fast path ({@link org.gridwatch.tile.PolygonShapes}: projected, simplified,
 * rounded and checked once per zoom, kept across tiles for geometry that never moves, clipped only
 * at the tile's edge); the protobuf is written directly ({@link org.gridwatch.tile.MvtWriter}).
 *
 * <p>Pure: JTS and the JDK only; it knows nothing of layers, scopes or HTTP. Input coordinates are WGS84 lon/lat (x = longitude); tile coordinates
 * are MVT's: origin at the tile's top-left corner, x east, y south, {@link org.gridwatch.tile.TileEncoder#EXTENT}
 * units across the tile.
 */
package org.gridwatch.tile;
