/**
 * School-guard posts (护学岗, {@link org.gridwatch.post.SchoolPost}) and key places (重点部位,
 * {@link org.gridwatch.post.KeyPlace}) with the time windows in which they must be staffed or
 * patrolled, and their monitors: post duty 护学岗到岗 ({@link org.gridwatch.post.PostDutyMonitor})
 * and police visibility 见警率 ({@link org.gridwatch.post.KeyPlaceMonitor}), and the school calendar
 * ({@link org.gridwatch.post.SchoolCalendar}, imported through {@link org.gridwatch.post.CalendarStore})
 * that says on which days a post has duty windows.
 *
 * <p>Locations are WGS84 lon/lat points (x = longitude); radii in metres; times are local
 * wall-clock times (the city's time zone, {@code city.time-zone}) without a date. The records here are immutable and thread-safe;
 * the monitors have a single writer and lock-free readers.
 */
package org.gridwatch.post;
