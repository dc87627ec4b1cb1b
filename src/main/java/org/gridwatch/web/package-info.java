/**
 * The HTTP interface: {@link org.gridwatch.web.HttpVerticle} with its route table, one
 * {@code *Routes} class per capability (thin handlers over the services and indexes), request
 * parsing that names the offending field ({@link org.gridwatch.web.Params}), and RFC 9457
 * {@code application/problem+json} errors ({@link org.gridwatch.web.Problem}). What every request
 * must be before a route sees it is {@code HttpHygiene}'s; what every connection may take (timeouts,
 * unambiguous framing) is {@code HttpConnections}'.
 *
 * <p>Handlers run where the route table says ({@link org.gridwatch.web.RouteSpec.Runs}) and never
 * block an event loop: reads come from in-memory indexes, writes are handed to the services' writer
 * thread; work that grows with the data runs on workers, and the expensive queries on the two bounded
 * pools of {@link org.gridwatch.web.QueryPools} (a queue limit and a per-client limit, 429; a
 * deadline, 503; stopped when the client goes away).
 */
package org.gridwatch.web;
