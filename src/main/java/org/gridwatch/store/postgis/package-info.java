/**
 * The PostGIS {@link org.gridwatch.store.Store}: PostgreSQL + PostGIS through JDBC and HikariCP,
 * schema by Flyway migrations ({@code db/migration}), PostGIS version checked at start-up.
 */
package org.gridwatch.store.postgis;
