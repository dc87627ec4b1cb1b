/**
 * The simulated city behind the {@code demo} command: a deterministic history of incidents for a
 * fresh store ({@link org.gridwatch.sim.DemoIncidents}), and a live simulation of the whole city —
 * patrols, incidents, the dispatcher's loop and school-post staff — as a pure step function
 * ({@code CitySimulator}) driven on its own thread by {@link org.gridwatch.sim.DemoSimulation}
 * against the running server, on an accelerated {@link org.gridwatch.sim.SimClock}.
 *
 * <p>Simulated devices: {@link org.gridwatch.sim.TerminalFleet}, N JT/T 808 terminals on their own TCP
 * connections to a gateway (non-blocking, on the event loops of one Vert.x), which register,
 * authenticate, report along plausible paths, time their acknowledgements and reconnect (also all
 * at once, a reconnect storm); the {@code demo} drives some of its units through it
 * ({@link org.gridwatch.sim.DemoTerminals}), the load harness thousands.
 */
package org.gridwatch.sim;
