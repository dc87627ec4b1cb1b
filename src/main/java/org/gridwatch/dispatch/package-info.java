/**
 * Dispatch (派遣): sending a patrol unit to an incident, noticing its arrival on scene from its
 * positions, freeing it when the case ends, and the response times that result.
 */
package org.gridwatch.dispatch;
