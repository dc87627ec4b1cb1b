package org.gridwatch.layer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.area.GridIndex;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.PostDutyMonitor;
import org.locationtech.jts.geom.Envelope;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureLayers;

/**
 * Assembles the layers of a running server from its live components, in the order clients list
 * them: the admin areas from the city down to the grids, then the operational layers.
 */
public final class CityLayers {
    private CityLayers() {
    }

    /** The components the layers read. Each states its own thread-safety; all are read lock-free. */
    public record Sources(GridIndex grids, CoverageIndex coverage, IncidentIndex incidents, PositionService positions,
                          PostDutyMonitor posts, KeyPlaceMonitor keyPlaces, AlertService alerts, NearRepeatMonitor nearRepeat,
                          HeatIndex heat, Clock clock) {
    }

    /** Every layer, in listing order. */
    public static FeatureLayers of(Sources s) {
        List<FeatureLayer> layers = new ArrayList<>();
        AreaHierarchy areas = s.grids().hierarchy();
        Envelope city = areas.city().geometry().getEnvelopeInternal();
        layers.add(new AreaLayer(AdminLevel.CITY, "city", "市", areas, null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.COUNTY, "counties", "县（市、区）", areas, null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.TOWNSHIP, "townships", "乡镇（街道）", areas, null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.VILLAGE, "villages", "村（社区）", areas, null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.GRID, "grids", "网格", areas, s.coverage(), s.clock()));
        layers.add(new IncidentLayer(s.incidents(), city));
        layers.add(OperationalLayers.units(s.positions(), city));
        layers.add(new TrackLayer(s.positions(), s.clock(), city));
        layers.add(OperationalLayers.posts(s.posts(), city));
        layers.add(OperationalLayers.keyPlaces(s.keyPlaces(), city));
        layers.add(OperationalLayers.alerts(s.alerts(), areas, city));
        layers.add(OperationalLayers.riskZones(s.nearRepeat(), s.grids(), s.clock(), city));
        layers.add(OperationalLayers.heat(s.heat(), city));
        return new FeatureLayers(layers);
    }
}
