package org.gridwatch.imports;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature as read from a file, before conversion: its attributes and its geometry in the
 * layer's CRS.
 *
 * @param layer      where it comes from: the file name, and for a GeoPackage the table
 * @param index      position in the layer, from 0
 * @param properties attributes by name as in the file (values String, Number, Boolean or null)
 * @param geometry   geometry in the layer's CRS; null when the feature has none
 */
record SourceFeature(String layer, int index, Map<String, Object> properties, Geometry geometry) {
}
