/**
 * The embedded GeoPackage store: {@link org.gridwatch.store.geopackage.GeoPackageStore} keeps
 * areas, grids and incidents in one GeoPackage 1.3 file (SQLite, WAL) that QGIS, ArcGIS and GDAL
 * open directly. Package-private helpers: the GeoPackage binary geometry codec and the schema.
 * All geometries are WGS84 lon/lat (srs_id 4326, x = longitude).
 */
package org.gridwatch.store.geopackage;
