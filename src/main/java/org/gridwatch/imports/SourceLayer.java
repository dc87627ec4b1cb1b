package org.gridwatch.imports;

import java.util.List;

/**
 * The features of one layer of a file and the CRS their coordinates are in.
 *
 * @param name     file name, and for a GeoPackage {@code file:table}
 * @param epsg     EPSG code of the coordinates (4326 for GeoJSON without a {@code crs} member)
 * @param features the features in file order
 */
record SourceLayer(String name, int epsg, List<SourceFeature> features) {
    SourceLayer {
        features = List.copyOf(features);
    }
}
