package org.gridwatch.geo;

/**
 * A position in degrees: {@code lon} is x (longitude), {@code lat} is y (latitude). The CRS is
 * whatever the context says; inside GridWatch it is WGS84 unless a {@link Crs} accompanies it.
 *
 * @param lon longitude in degrees
 * @param lat latitude in degrees
 */
public record LonLat(double lon, double lat) {
}
