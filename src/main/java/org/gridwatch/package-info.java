/**
 * GridWatch: the command line ({@link org.gridwatch.Main}) and the server assembly
 * ({@link org.gridwatch.GridWatch}) that wires store, city, indexes and HTTP in order.
 *
 * <h2>Layers</h2>
 * Packages by capability, in layers: a package may use the packages of the layers below its own,
 * never one of its own layer or above (so capabilities of one layer stay independent of each
 * other). {@code LayeringTest} reads the block below and fails the build on any class that breaks
 * it, and on any package missing from it.
 *
 * <pre>{@code layers
 * 12 (root)                       assembly: Main, GridWatch, the declared change streams
 * 11 sim gen imports              tools on top of the server: demo simulator, city generator, import
 * 10 web live                     the edges: HTTP routes, the /live WebSocket
 *  9 config codec city            typed configuration, JSON encoders of the models, the city data files
 *  8 store.geopackage store.postgis   the two stores, each a dialect of the shared JDBC code
 *  7 store.jdbc                   JDBC shared by both stores: transactions, batching, errors, tables
 *  6 store                        the Store contract (all the per-aggregate stores in one)
 *  5 dispatch analysis            sending units; heat, coverage, near-repeat, uncovered grids
 *  4 post                         school-guard posts and key places, their duty and visibility monitors
 *  3 alert                        alerts: raise, hold, acknowledge
 *  2 incident patrol              incidents and their workflow; units, positions and their index
 *  1 area pipeline                admin areas, grids, the grid index; change streams, lanes and the commit queue
 *  0 geo error vocab              geometry and CRS, typed failures, the domain vocabulary
 * }</pre>
 */
package org.gridwatch;
