/**
 * Live analytics and their outcome: alerts ({@link org.gridwatch.analysis.Alert}), heat, coverage
 * and patrol dosage, near-repeat risk, school-guard post duty
 * ({@link org.gridwatch.analysis.PostDutyMonitor}), key-place visibility 见警率
 * ({@link org.gridwatch.analysis.KeyPlaceMonitor}) and uncovered-grid alerts; hot spots to come.
 *
 * <p>The monitors follow the {@link org.gridwatch.patrol.UnitChange} stream and a periodic tick,
 * both on the single writer thread; their readers never block.
 *
 * <p>Positions are WGS84 lon/lat (x = longitude); distances in metres, times as {@link java.time.Instant}.
 */
package org.gridwatch.analysis;
