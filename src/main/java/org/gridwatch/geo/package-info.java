/**
 * Geometry foundations shared by every capability: the WGS84 geometry factory (SRID 4326,
 * x = longitude, y = latitude), GeoJSON codecs (to and from object trees, and straight into UTF-8
 * JSON text with {@link org.gridwatch.geo.JsonText}), coordinate reference system conversion
 * (GCJ-02 and BD-09 to WGS84) and geodesic distances in metres.
 *
 * <p>Everything in this package is stateless or immutable and therefore thread-safe, except a
 * {@code JsonText}, which belongs to the one thread writing an answer.
 */
package org.gridwatch.geo;
