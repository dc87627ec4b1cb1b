/**
 * Vector tiles: the WebMercatorQuad tile grid ({@link org.gridwatch.tile.TileId},
 * {@link org.gridwatch.tile.WebMercator}), Mapbox Vector Tile 2.1 encoding of WGS84 geometry with
 * clipping and simplification per zoom ({@link org.gridwatch.tile.TileEncoder}), the per-tile
 * change log that tells which tiles changed ({@link org.gridwatch.tile.TileVersions}), and a
 * byte-bounded cache of encoded tiles ({@link org.gridwatch.tile.TileCache}).
 *
 * <p>Pure: JTS, the MVT encoder (mapbox-vector-tile-java) and the JDK only; it knows nothing of
 * layers, scopes or HTTP. Input coordinates are WGS84 lon/lat (x = longitude); tile coordinates
 * are MVT's: origin at the tile's top-left corner, x east, y south, {@link org.gridwatch.tile.TileEncoder#EXTENT}
 * units across the tile.
 */
package org.gridwatch.tile;
