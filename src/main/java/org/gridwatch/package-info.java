/**
 * GridWatch: the command line ({@link org.gridwatch.Main}), the server assembly
 * ({@link org.gridwatch.GridWatch}) that wires store, city, indexes and HTTP in order, and the one
 * declaration of every change stream and its stages ({@link org.gridwatch.Streams}).
 *
 * <h2>Threads</h2>
 * Every piece of mutable state has one owning thread; everything else reads it lock-free. Methods
 * that must run on a lane check it ({@link org.gridwatch.pipeline.Lane#checkCurrent()}). All
 * threads are Vert.x's, so its blocked-thread checker watches every one.
 *
 * <table>
 * <caption>Who owns what</caption>
 * <tr><th>thread</th><th>owns</th><th>runs</th></tr>
 * <tr><td>event loops {@code vert.x-eventloop-thread-N} (one HTTP verticle instance on each)</td>
 *     <td>nothing mutable</td>
 *     <td>parsing and encoding: HTTP requests and responses, WebSocket frames; routes that read the
 *     live indexes in O(answer) (lookup, one incident); nearest units and incident searches while
 *     their work fits a budget ({@code RouteSpec.Runs.INLINE_OR_QUERY}, {@code INLINE_OR_WORKER});
 *     admission of the expensive queries</td></tr>
 * <tr><td>state lane {@code gridwatch-state-0}</td>
 *     <td>the roster and unit index, the incident index, heat, coverage, post duty, key places,
 *     uncovered grids, near-repeat zones, dispatch assignments, alerts in memory, the ids</td>
 *     <td>every write's prepare and apply step ({@link org.gridwatch.pipeline.CommitQueue}), the change
 *     streams' stages, the analytics ticks; never blocking I/O</td></tr>
 * <tr><td>store lane {@code gridwatch-store-0}</td><td>the store's writer connection</td>
 *     <td>every write's commit (JDBC or SQLite), one at a time</td></tr>
 * <tr><td>journal lane {@code gridwatch-journal-0} (with {@code store.journal.dir})</td>
 *     <td>the positions acknowledged but not yet in the store</td>
 *     <td>writing them into the store behind the position journal (which the store lane appends to)</td></tr>
 * <tr><td>live hub lane {@code gridwatch-live-0}</td>
 *     <td>{@code /live} connections, subscriptions, event logs, the feeds' current items</td>
 *     <td>client frames, publishing, conflation, flushing, the feeds' ticks</td></tr>
 * <tr><td>Vert.x workers {@code vert.x-worker-thread-N}</td><td>nothing</td>
 *     <td>start-up, routes whose work grows with the data (lists, batch lookup, counts per area,
 *     incident searches beyond the inline budget, metrics), the store probe, the daily reports'
 *     figures (read lock-free from the live indexes; the report is then stored on the store lane)</td></tr>
 * <tr><td>query pool {@code gridwatch-query} ({@code api.queries.threads})</td><td>nothing</td>
 *     <td>the expensive reads of the live indexes (unit lists, nearest units beyond the inline
 *     budget), admitted with a queue limit and a per-client limit, each with a deadline
 *     ({@code org.gridwatch.web.QueryPools})</td></tr>
 * <tr><td>store-read pool {@code gridwatch-store-read} ({@code api.queries.store-threads})</td>
 *     <td>a reader connection per query</td>
 *     <td>queries of the store (tracks, "who passed here", the audit trail, the daily reports and their
 *     rendering as HTML, PDF and XLSX), admitted and bounded
 *     alike; a query past its deadline or whose client went away has its statement cancelled
 *     ({@link org.gridwatch.pipeline.ReadBudget})</td></tr>
 * <tr><td>export pool {@code gridwatch-export} (4 threads)</td><td>nothing</td>
 *     <td>exports ({@code format=}, {@code /api/v1/export/{layer}}): a layer read and written at the client's
 *     pace, waiting for the response to drain; admitted per client and bounded, never stopped at a deadline,
 *     stopped when the client goes away ({@code org.gridwatch.web.ExportRoutes})</td></tr>
 * <tr><td>simulation lane {@code gridwatch-sim-0} (demo only)</td><td>the city simulator</td>
 *     <td>one simulation step a second, as a client of the services</td></tr>
 * <tr><td>event loops (demo with {@code --jt808-terminals} only)</td><td>each simulated JT/T 808
 *     terminal's connection, path and counters ({@code org.gridwatch.sim.TerminalFleet}), confined to
 *     the event loop of its shard</td>
 *     <td>the terminals' frames and timers, as TCP clients of the device port</td></tr>
 * </table>
 *
 * A hung database holds only the store lane: acknowledgements wait, up to
 * {@code store.write-timeout}, then 503; heat, coverage, duty, alerts and {@code /live} go on from
 * memory. With a position journal a position batch's commit needs no database (it still queues
 * behind the other writes on the store lane) until {@code store.journal.max-behind} positions wait
 * for it; only the journal lane waits for the database.
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
 * 10 web live device              the edges: HTTP routes, the /live WebSocket, the device gateways (JT/T 808)
 *  9 config codec city report layer   typed configuration, JSON encoders of the models, the city data files; the daily report; the layers as features
 *  8 store.geopackage store.postgis   the two stores, each a dialect of the shared JDBC code
 *  7 store.jdbc store.journal     JDBC shared by both stores: transactions, batching, errors, tables; the position journal
 *  6 store                        the Store contract (all the per-aggregate stores in one)
 *  5 dispatch analysis casework tileset   sending units; heat, coverage, near-repeat, uncovered grids; time limits, overdue, casework figures; the vector tilesets and their change log
 *  4 post                         school-guard posts and key places, their duty and visibility monitors
 *  3 alert export                 alerts: raise, hold, acknowledge; features written as files (GeoJSON, CSV, XLSX, KML, GeoPackage)
 *  2 incident patrol auth audit feature   incidents and their workflow; units, positions and their index; principals, roles, accounts; the audit trail; the feature-layer contract
 *  1 area pipeline gpkg           admin areas, grids, the grid index; change streams, lanes and the commit queue; the GeoPackage format
 *  0 geo cql2 error vocab jt808 basemap tile   geometry and CRS, CQL2 filters, typed failures, the domain vocabulary, the JT/T 808 codec, the basemap's tile archives and style, vector tiles (grid, MVT encoding, change log)
 * }</pre>
 */
package org.gridwatch;
