/**
 * Patrol forces (巡防力量): the unit roster ({@link org.gridwatch.patrol.Unit},
 * {@link org.gridwatch.patrol.UnitKind}), their positions and tracks.
 *
 * <p>Positions are WGS84 lon/lat (x = longitude); distances in metres, speeds in m/s. Roster
 * records are immutable and thread-safe; live structures state their own thread-safety.
 */
package org.gridwatch.patrol;
