/**
 * The city's own basemap, served offline from local files: tile archives ({@link
 * org.gridwatch.basemap.TileSource}: MBTiles over SQLite, {@link org.gridwatch.basemap.MbTilesSource}, and
 * PMTiles v3 read from a file channel, {@link org.gridwatch.basemap.PmTilesSource}), the set configured
 * under {@code basemap.*} ({@link org.gridwatch.basemap.Basemaps}) and the MapLibre style drawn from them
 * ({@link org.gridwatch.basemap.BasemapStyle}).
 *
 * <p>Tiles are addressed in the XYZ scheme of Web Mercator (EPSG:3857; x east, y south from the
 * top-left tile, zoom 0 one tile); bounds and centres are WGS84 lon/lat degrees (x = longitude).
 * Reading a tile is blocking file I/O: callers run it on a worker, never on an event loop.
 */
package org.gridwatch.basemap;
