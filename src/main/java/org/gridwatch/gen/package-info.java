/**
 * The deterministic demo city: {@link org.gridwatch.gen.CityGenerator} builds counties, townships,
 * villages, grids, school-guard posts, key places and a unit roster for Binzhou (滨州) from a
 * coarse frame (city outline + county seats) and a seed, and writes them as GeoJSON/JSON, with the
 * demo basemap ({@code DemoBasemap}: vector MBTiles of the outlines, the seats and a synthetic road
 * network and river).
 *
 * <p>All geometry produced here is demo data, not official boundaries. Coordinates are WGS84
 * lon/lat (x = longitude) on a fixed 1e-7° grid; areas are geodesic, in m².
 */
package org.gridwatch.gen;
