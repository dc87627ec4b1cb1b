/**
 * The PostGIS {@link org.gridwatch.store.Store}: PostgreSQL + PostGIS through JDBC and HikariCP,
 * schema by Flyway migrations ({@code db/migration}), PostGIS version checked at start-up. The same
 * file set as every backend: the store (open and migrate), its dialect, its connections, its schema.
 */
package org.gridwatch.store.postgis;
