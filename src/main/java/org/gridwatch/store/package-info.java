/**
 * Durable storage: the {@link org.gridwatch.store.Store} contract. Its implementations share their
 * JDBC code ({@code org.gridwatch.store.jdbc}) and differ by dialect: GeoPackage in
 * {@code org.gridwatch.store.geopackage}, PostGIS in {@code org.gridwatch.store.postgis}. The store
 * is the system of record, never on the query hot path: the server loads live state from it at
 * start-up and writes through it before acknowledging.
 */
package org.gridwatch.store;
