package org.gridwatch.layer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.gridwatch.analysis.CoverageIndex;
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
    public record Sources(AreaHierarchy areas, CoverageIndex coverage, Clock clock) {
    }

    /** Every layer, in listing order. */
    public static FeatureLayers of(Sources s) {
        List<FeatureLayer> layers = new ArrayList<>();
        layers.add(new AreaLayer(AdminLevel.CITY, "city", "市", s.areas(), null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.COUNTY, "counties", "县（市、区）", s.areas(), null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.TOWNSHIP, "townships", "乡镇（街道）", s.areas(), null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.VILLAGE, "villages", "村（社区）", s.areas(), null, s.clock()));
        layers.add(new AreaLayer(AdminLevel.GRID, "grids", "网格", s.areas(), s.coverage(), s.clock()));
        return new FeatureLayers(layers);
    }
}
