/**
 * The simulated city behind the {@code demo} command. Today: a deterministic history of incidents
 * so that a fresh demo has something to show; live movement of units arrives with the live layer.
 */
package org.gridwatch.sim;
