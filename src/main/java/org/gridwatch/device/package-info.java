/**
 * Device gateways: the JT/T 808 TCP gateway ({@link org.gridwatch.device.Jt808Gateway}) through
 * which the terminals of police cars, patrol e-bikes and handsets report, each bound to one unit
 * ({@link org.gridwatch.auth.Terminals}); their positions enter the same ingest pipeline as HTTP
 * ones and are answered only after they are committed.
 *
 * <p>Threads: each connection belongs to the event loop of the gateway verticle instance that
 * accepted it; the ingest of its positions completes on the state lane and its answer is written
 * back on that event loop.
 */
package org.gridwatch.device;
