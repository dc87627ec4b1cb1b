/**
 * Live analytics over the incident and patrol streams: heat per H3 cell
 * ({@link org.gridwatch.analysis.HeatIndex}), patrol coverage and dosage per grid
 * ({@link org.gridwatch.analysis.CoverageIndex}), near-repeat risk zones
 * ({@link org.gridwatch.analysis.NearRepeatMonitor}) and uncovered-grid alerts
 * ({@link org.gridwatch.analysis.UncoveredGridMonitor}), and the daily duty history
 * ({@link org.gridwatch.analysis.DailyHistory}: per local day and area the 护学岗 on-post figures,
 * 见警率 and coverage, {@link org.gridwatch.analysis.DailyFigures}, kept through
 * {@link org.gridwatch.analysis.HistoryStore}); hot spots to come. School-post duty and key-place
 * visibility live with their models in {@code org.gridwatch.post}.
 *
 * <p>Each structure has a single writer and lock-free readers, as its class comment says.
 * Positions are WGS84 lon/lat (x = longitude); distances in metres, times as {@link java.time.Instant}.
 */
package org.gridwatch.analysis;
