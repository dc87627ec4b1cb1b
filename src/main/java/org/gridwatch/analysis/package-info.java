/**
 * Live analytics and their outcome: alerts ({@link org.gridwatch.analysis.Alert}), and to come
 * heat, coverage, 见警率, hot spots and near-repeat.
 *
 * <p>Positions are WGS84 lon/lat (x = longitude); distances in metres, times as {@link java.time.Instant}.
 */
package org.gridwatch.analysis;
