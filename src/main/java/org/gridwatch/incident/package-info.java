/**
 * Incidents (事件): the model ({@link org.gridwatch.incident.Incident}, categories, sources,
 * the status workflow with every transition recorded), the in-memory
 * {@link org.gridwatch.incident.IncidentIndex} answering area/time/attribute queries, the
 * {@link org.gridwatch.incident.IncidentCounts} it keeps (counts per grid, category and day, rolled
 * up to areas by {@link org.gridwatch.incident.AreaCounts}), and the
 * {@link org.gridwatch.incident.IncidentService} that validates, stores and indexes reports, through
 * its part of the system of record, {@link org.gridwatch.incident.IncidentStore}.
 */
package org.gridwatch.incident;
