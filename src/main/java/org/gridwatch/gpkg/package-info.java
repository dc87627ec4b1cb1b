/**
 * The GeoPackage 1.3 file format, shared by the GeoPackage store and the GeoPackage export: the
 * binary geometry codec ({@link org.gridwatch.gpkg.GeoPackageGeometry}), the required tables
 * ({@link org.gridwatch.gpkg.GeoPackageCore}), the R-tree spatial index extension as GDAL makes it
 * ({@link org.gridwatch.gpkg.GeoPackageRtree}) and the SQL functions its triggers call
 * ({@link org.gridwatch.gpkg.GeoPackageFunctions}). WGS84 lon/lat (srs_id 4326, x = longitude).
 */
package org.gridwatch.gpkg;
