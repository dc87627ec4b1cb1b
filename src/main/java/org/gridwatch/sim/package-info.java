/**
 * The simulated city behind the {@code demo} command: a deterministic history of incidents for a
 * fresh store ({@link org.gridwatch.sim.DemoIncidents}), and a live simulation of the whole city —
 * patrols, incidents, the dispatcher's loop and school-post staff — as a pure step function
 * ({@code CitySimulator}) driven on its own thread by {@link org.gridwatch.sim.DemoSimulation}
 * against the running server, on an accelerated {@link org.gridwatch.sim.SimClock}.
 */
package org.gridwatch.sim;
