package org.gridwatch.layer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridwatch.analysis.CoverageIndex;
import org.gridwatch.analysis.CoverageState;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Envelope;

/**
 * The admin areas of one level ({@code city}, {@code counties}, {@code townships}, {@code villages},
 * {@code grids}) in code order. An area is visible when it lies inside the scope or encloses it (a
 * county's screen still sees its city), as in {@code GET /api/v1/areas}. The grid layer adds each
 * grid's live patrol coverage: its state for the coverage window, its last visit and its dosage
 * (on-duty unit-minutes over the last 24 h), read from {@link CoverageIndex} at the moment of the scan.
 */
final class AreaLayer extends AbstractLayer {
    /** The coverage window of the grid layer's {@code coverage} attribute (as the big screen's default). */
    static final Duration COVERAGE_WINDOW = Duration.ofMinutes(30);

    private static final List<Property> AREA = List.of(
            Property.string("code", "代码"), Property.string("name", "名称"), Property.string("level", "层级"),
            Property.string("parentCode", "上级代码"), Property.integer("population", "人口"),
            Property.integer("households", "户数"), Property.number("areaSqm", "面积(平方米)"));
    private static final List<Property> GRID = concat(AREA, List.of(Property.string("gridWorker", "网格员"),
            Property.string("coverage", "巡防覆盖"), Property.timestamp("lastVisit", "最近巡防"),
            Property.number("dosageMinutes", "巡防时长(分钟,24小时)")));

    private final AdminLevel level;
    private final AreaHierarchy areas;
    private final CoverageIndex coverage;
    private final Clock clock;

    /**
     * @param coverage the live coverage (grids only; null for the other levels)
     */
    AreaLayer(AdminLevel level, String id, String title, AreaHierarchy areas, CoverageIndex coverage, Clock clock) {
        super(id, title, level == AdminLevel.GRID
                        ? "全科网格边界、人口、网格员，以及实时巡防覆盖（近" + COVERAGE_WINDOW.toMinutes() + "分钟）与24小时巡防时长。"
                        : title + "（" + level.label() + "）边界、人口与户数。",
                GeometryKind.POLYGONAL, level == AdminLevel.GRID ? GRID : AREA, areas.city().geometry().getEnvelopeInternal(),
                null);
        this.level = level;
        this.areas = areas;
        this.coverage = level == AdminLevel.GRID ? coverage : null;
        this.clock = clock;
    }

    @Override
    public boolean live() {
        return coverage != null;
    }

    /** The level this layer holds. */
    AdminLevel level() {
        return level;
    }

    @Override
    public Optional<Feature> get(String id, Scope scope) {
        return areas.find(id).filter(a -> a.level() == level && visible(scope, a)).map(a -> feature(a, clock.instant()));
    }

    /**
     * Work of one candidate area: its feature built (coverage read for a grid) and tested exactly
     * against the box, in the units of {@link #work}.
     */
    static final long CANDIDATE_WORK = 10;

    /** The candidates of the search envelope (the level's areas without one), each read by the scan and again by a count. */
    @Override
    public long work(FeatureQuery q, long cap) {
        Envelope box = q.searchEnvelope();
        long candidates = box == null ? areas.level(level).size() : areas.intersecting(level, box).size();
        return 2 * CANDIDATE_WORK * candidates;
    }

    @Override
    public void scan(FeatureQuery q, Sink sink) {
        Envelope box = q.searchEnvelope();
        List<AdminArea> candidates = areas.level(level);
        if (box != null) {
            candidates = new ArrayList<>(areas.intersecting(level, box));
            candidates.sort(java.util.Comparator.comparing(AdminArea::code));
        }
        Instant now = clock.instant();
        for (AdminArea a : candidates) {
            if ((q.after() != null && a.code().compareTo(q.after()) <= 0) || !visible(q.scope(), a)) {
                continue;
            }
            Feature f = feature(a, now);
            if (q.test(f) && !sink.accept(f)) {
                return;
            }
        }
    }

    private static boolean visible(Scope scope, AdminArea a) {
        return scope.includes(a.code()) || scope.isInside(a);
    }

    private Feature feature(AdminArea a, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", a.code());
        p.put("name", a.name());
        p.put("level", a.level().id());
        p.put("parentCode", a.parentCode());
        p.put("population", a.population());
        p.put("households", a.households());
        p.put("areaSqm", Math.round(a.areaSqm() * 100) / 100.0);
        if (coverage != null) {
            p.put("gridWorker", a.gridWorker());
            Instant last = coverage.lastVisit(a.code());
            p.put("coverage", CoverageState.of(last, now, COVERAGE_WINDOW).id());
            p.put("lastVisit", last);
            p.put("dosageMinutes", Math.round(coverage.dosage(a.code(), now).toSeconds() / 6.0) / 10.0);
        }
        return Feature.of(a.code(), a.geometry(), p);
    }

    private static List<Property> concat(List<Property> a, List<Property> b) {
        List<Property> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
