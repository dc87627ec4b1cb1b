/** Shared test helpers: WKT fixture cities, server start-up for HTTP tests, and brute-force oracles. */
package org.gridwatch.testsupport;
