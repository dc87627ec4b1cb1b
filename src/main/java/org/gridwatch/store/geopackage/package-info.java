/**
 * The embedded GeoPackage store: {@link org.gridwatch.store.geopackage.GeoPackageStore} keeps
 * everything in one GeoPackage 1.3 file (SQLite, WAL) that QGIS, ArcGIS and GDAL open directly.
 * The same file set as every backend: the store (open and migrate), its dialect, its connections,
 * its schema; the GeoPackage format itself (the binary geometry codec, the required tables, the
 * R-tree extension and the SQL functions its triggers call) is {@link org.gridwatch.gpkg}'s, which
 * the exports share. All geometries are WGS84 lon/lat (srs_id 4326, x = longitude).
 */
package org.gridwatch.store.geopackage;
