/**
 * Patrol forces (巡防力量): the unit roster ({@link org.gridwatch.patrol.Unit},
 * {@link org.gridwatch.patrol.UnitRecord}), the position stream ({@link org.gridwatch.patrol.PositionService}
 * with its ordered {@code PositionPipeline} stages) and the live index of moving units
 * ({@link org.gridwatch.patrol.MovingPointIndex}); {@link org.gridwatch.patrol.UnitStore} is their part of the
 * system of record.
 *
 * <p>Positions are WGS84 lon/lat (x = longitude); distances in metres, speeds in m/s, headings in
 * degrees clockwise from north. Records are immutable and thread-safe; live structures state
 * their own thread-safety (single writer, lock-free readers).
 */
package org.gridwatch.patrol;
