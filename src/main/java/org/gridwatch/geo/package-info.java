/**
 * Geometry foundations shared by every capability: the WGS84 geometry factory (SRID 4326,
 * x = longitude, y = latitude), GeoJSON codecs, coordinate reference system conversion
 * (GCJ-02 and BD-09 to WGS84) and geodesic distances in metres.
 *
 * <p>Everything in this package is stateless or immutable and therefore thread-safe.
 */
package org.gridwatch.geo;
