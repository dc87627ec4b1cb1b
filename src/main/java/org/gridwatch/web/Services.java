package org.gridwatch.web;

import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.DailyHistory;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.casework.RapidResponse;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.audit.AuditLog;
import org.gridwatch.basemap.Basemaps;
import org.gridwatch.auth.Authenticator;
import org.gridwatch.area.GridIndex;
import org.gridwatch.dispatch.DispatchService;
import org.gridwatch.incident.IncidentService;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.report.CjkFont;
import org.gridwatch.report.DailyReports;
import org.gridwatch.store.Store;

/**
 * The live parts a running server is made of, as wired by {@code GridWatch} and served by
 * {@link HttpVerticle}. Each component states its own thread-safety.
 *
 * @param grids      the grid index (and through it the area hierarchy)
 * @param incidents  incidents
 * @param positions  unit roster and positions
 * @param dispatch   dispatch of units to incidents
 * @param alerts     alerts
 * @param heat       live incident heat
 * @param coverage   patrol coverage
 * @param nearRepeat near-repeat risk zones
 * @param store      the store (blocking: workers only)
 * @param posts      school-guard post duty (护学岗)
 * @param keyPlaces  key-place visibility (见警率)
 * @param auth       authentication: sessions, accounts, keys, the identity provider
 * @param audit      the audit trail
 * @param zone       the city's time zone ({@code city.time-zone}): the one accessor of it for the
 *                   web layer (local days, times without an offset, answers in local time)
 * @param history    the daily duty history (到岗率, 见警率, coverage per day and area)
 * @param rapidResponse the 快速反应圈: what available units reach in 3 or 5 minutes
 * @param reports    the daily reports (日报)
 * @param pdfFont    the CJK font of the reports' PDF; null when the machine has none (no PDF then)
 * @param terminals  the units' terminals by their own ids (JT/T 808 phone numbers), from the device keys
 * @param layers     every layer as features: OGC API collections, vector tiles and exports read these
 * @param basemaps   the city's own basemap ({@code basemap.*}; {@link Basemaps#none()} when not configured)
 * @param tiles      vector tiles of the layers, encoded, cached and tagged
 */
public record Services(GridIndex grids, IncidentService incidents, PositionService positions, DispatchService dispatch,
                       AlertService alerts, HeatIndex heat, CoverageIndex coverage, NearRepeatMonitor nearRepeat,
                       Store store, PostDutyMonitor posts, KeyPlaceMonitor keyPlaces, Authenticator auth, AuditLog audit,
                       java.time.ZoneId zone, DailyHistory history, RapidResponse rapidResponse, DailyReports reports,
                       CjkFont pdfFont, org.gridwatch.auth.Terminals terminals,
                       org.gridwatch.feature.FeatureLayers layers, Basemaps basemaps,
                       org.gridwatch.tileset.TileService tiles) {
    /** The area hierarchy of the grid index. */
    public AreaHierarchy areas() {
        return grids.hierarchy();
    }
}
