/**
 * GridWatch: the command line ({@link org.gridwatch.Main}) and the server assembly
 * ({@link org.gridwatch.GridWatch}) that wires store, city, indexes and HTTP in order.
 */
package org.gridwatch;
