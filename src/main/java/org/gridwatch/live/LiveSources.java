package org.gridwatch.live;

import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.casework.TimeLimits;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;

/**
 * The live state the channels of {@code /live} are served from. Each part states its own
 * thread-safety; the hub only reads them (lock-free) and follows their change streams.
 *
 * @param areas     the area hierarchy (grids of the coverage channel, names of the stats)
 * @param positions unit roster and positions
 * @param incidents incidents
 * @param alerts    alerts
 * @param heat      live incident heat
 * @param coverage  patrol coverage
 * @param posts     school-guard post duty (护学岗)
 * @param keyPlaces key-place visibility (见警率)
 */
public record LiveSources(AreaHierarchy areas, PositionService positions, IncidentService incidents, AlertService alerts,
                          HeatIndex heat, CoverageIndex coverage, PostDutyMonitor posts, KeyPlaceMonitor keyPlaces,
                          TimeLimits timeLimits) {
}
