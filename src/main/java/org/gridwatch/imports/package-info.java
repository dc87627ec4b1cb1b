/**
 * {@code gridwatch import}: areas and grids ({@link org.gridwatch.imports.AreaImport}), or
 * school-guard posts and key places ({@link org.gridwatch.imports.PlaceImport}), from GeoJSON or GeoPackage files (Shapefiles after a
 * one-line {@code ogr2ogr} conversion) into the configured store, converted from the file's CRS
 * to WGS84, checked feature by feature, and written in one transaction.
 */
package org.gridwatch.imports;
