/**
 * School-guard posts (护学岗, {@link org.gridwatch.post.SchoolPost}) and key places (重点部位,
 * {@link org.gridwatch.post.KeyPlace}) with the time windows in which they must be staffed or patrolled.
 *
 * <p>Locations are WGS84 lon/lat points (x = longitude); radii in metres; times are local
 * wall-clock times (Asia/Shanghai) without a date. The records here are immutable and thread-safe.
 */
package org.gridwatch.post;
