/**
 * The vector tilesets GridWatch serves ({@code /tiles}): which feature layers go into each, from
 * which zoom ({@link org.gridwatch.tileset.TileSets}); a tile of a tileset as one caller's
 * jurisdiction sees it, encoded, cached and tagged ({@link org.gridwatch.tileset.TileService});
 * and which tiles the change streams touched ({@link org.gridwatch.tileset.TileChanges}: the
 * {@code tiles} stage of the {@code positions}, {@code incidents} and {@code posts} streams), so that
 * a tile is encoded again only when its version moved (or, for attributes that age with time, when
 * its cached copy is older than {@code tiles.recheck-seconds}), and {@code /live} can tell clients
 * which tiles to fetch again.
 *
 * <p>Coordinates are WGS84 lon/lat; tiles are WebMercatorQuad ({@link org.gridwatch.tile}).
 */
package org.gridwatch.tileset;
