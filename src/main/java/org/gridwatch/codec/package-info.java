/**
 * JSON and GeoJSON encoders of the models, shared by the REST API ({@code org.gridwatch.web}) and
 * {@code /live} ({@code org.gridwatch.live}), and how a body that is not JSON is described to its
 * sender ({@link org.gridwatch.codec.JsonSyntax}); the readers of what clients send: position
 * batches ({@link org.gridwatch.codec.PositionJson}) and the OsmAnd protocol of Traccar Client and
 * the OsmAnd app ({@link org.gridwatch.codec.OsmAndRequest}). Geometry is WGS84 lon/lat (x = longitude), times
 * RFC 3339 instants, in UTC or at the city's offset as the {@link org.gridwatch.codec.TimeFormat}
 * given to the encoder writes them. Stateless or immutable; thread-safe.
 */
package org.gridwatch.codec;
