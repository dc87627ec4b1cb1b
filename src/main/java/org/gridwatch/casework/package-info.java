/**
 * Casework as a Chinese command center runs it: time limits for each step of a case
 * ({@link org.gridwatch.casework.TimeLimits}, 时限; calls in minutes, grid matters in working
 * days), the {@link org.gridwatch.casework.OverdueMonitor} that records a step overdue once and
 * raises its alert, and the figures a duty officer reads per area: overdue and supervised cases,
 * the share finished at each handling level (就地化解率), 1-3-5 minute rapid response
 * ({@link org.gridwatch.casework.CaseworkStats}).
 *
 * <p>Times are instants; working days and local dates are in the city's time zone. The monitor's
 * state is confined to the state lane; the limits and the statistics are immutable values.
 */
package org.gridwatch.casework;
