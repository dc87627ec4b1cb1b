/**
 * The {@code /live} WebSocket (docs/live-protocol.md): subscriptions to channels of live state,
 * each answered with a snapshot and then deltas, conflated for slow clients, with resync and
 * resume.
 *
 * <p>{@link org.gridwatch.live.LiveHub} owns every connection and subscription on one thread of
 * its own; sources (position, incident and alert streams, periodic heat/coverage/stats ticks)
 * hand it changes, never block on it, and never run client code. Coordinates are WGS84 lon/lat
 * (x = longitude), times {@link java.time.Instant}.
 *
 * <p>Client messages are measured by the hub, not by the transport: {@link org.gridwatch.live.InboundMessages}
 * assembles them from frames on the socket's event loop and refuses one over 64 KiB with
 * {@code error too_large} and close 1009.
 */
package org.gridwatch.live;
