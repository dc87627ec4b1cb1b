/**
 * The JDBC code both stores share, written once: {@link org.gridwatch.store.jdbc.JdbcStore} (the
 * {@link org.gridwatch.store.Store} over JDBC), one package-private class of table code per
 * aggregate (areas, school posts and key places, incidents with their transitions, units, tracks,
 * alerts), {@link org.gridwatch.store.jdbc.Transactions} (serialised writes, one transaction per
 * call, retries, failures mapped to {@link org.gridwatch.error.StoreException} kinds), row mapping
 * and batching ({@link org.gridwatch.store.jdbc.Rows}, {@link org.gridwatch.store.jdbc.Columns}).
 *
 * <p>A backend supplies a {@link org.gridwatch.store.jdbc.Dialect} (what its database does its own
 * way: instants, geometries, the area tables, the bulk path and queries of tracks, its
 * bookkeeping, which errors mean what) and a {@link org.gridwatch.store.jdbc.ConnectionSource}
 * (a pool, or one writer and per-read readers), and subclasses {@code JdbcStore} to open and
 * migrate its database: every backend has the same small set of files, {@code *Store},
 * {@code *Dialect}, {@code *Connections}, {@code *Schema}.
 *
 * <p>Units as in {@link org.gridwatch.store.Store}: WGS84 lon/lat degrees (x = longitude),
 * instants to the microsecond. Everything here is thread-safe and blocking.
 */
package org.gridwatch.store.jdbc;
