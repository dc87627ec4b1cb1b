/**
 * JSON and GeoJSON encoders of the models, shared by the REST API ({@code org.gridwatch.web}) and
 * {@code /live} ({@code org.gridwatch.live}). Geometry is WGS84 lon/lat (x = longitude), times
 * ISO-8601 instants. Stateless or immutable; thread-safe.
 */
package org.gridwatch.codec;
