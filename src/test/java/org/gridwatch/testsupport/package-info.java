/** Shared test helpers: WKT fixture cities and server start-up for HTTP tests. */
package org.gridwatch.testsupport;
