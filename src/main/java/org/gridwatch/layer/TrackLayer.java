package org.gridwatch.layer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.BadQueryException;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStore;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;

/**
 * Tracks: one LineString per unit of the scope, its stored fixes in the asked time window in time
 * order, from the store. Without a time window the last {@link #DEFAULT_WINDOW} is read; a window
 * longer than {@link #MAX_WINDOW} is refused (a day of a city's tracks is already millions of
 * fixes). A unit with fewer than two fixes in the window has no track. Blocking: the store-read pool only.
 */
final class TrackLayer extends AbstractLayer {
    /** The window read when the query names none. */
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    /** The longest window a query may read. */
    static final Duration MAX_WINDOW = Duration.ofHours(24);
    private static final List<Property> SCHEMA = List.of(Property.string("unitId", "力量编号"),
            Property.string("callSign", "呼号"), Property.string("kind", "类型"), Property.integer("fixes", "定位点数"),
            Property.timestamp("start", "开始时间"), Property.timestamp("end", "结束时间"));

    private final PositionService positions;
    private final UnitStore store;
    private final Clock clock;

    TrackLayer(PositionService positions, Clock clock, Envelope extent) {
        super("tracks", "巡防轨迹", "每个力量在时间窗口内的巡防轨迹（默认近1小时，最长24小时）。", GeometryKind.LINESTRING, SCHEMA,
                extent, "start");
        this.positions = positions;
        this.store = positions.tracks();
        this.clock = clock;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean blocking() {
        return true;
    }

    @Override
    public Optional<Feature> get(String id, Scope scope) {
        Instant now = clock.instant();
        return positions.unit(id).filter(u -> scope.includes(u.unit().homeTownshipCode()))
                .map(u -> track(u, now.minus(DEFAULT_WINDOW), now));
    }

    /** @throws BadQueryException when the window is longer than {@link #MAX_WINDOW} */
    @Override
    public void scan(FeatureQuery q, Sink sink) {
        Instant[] w = window(q.from(), q.to(), clock.instant());
        List<UnitRecord> units = new ArrayList<>();
        for (UnitRecord u : positions.units()) {
            if (q.scope().includes(u.unit().homeTownshipCode()) && (q.after() == null || u.id().compareTo(q.after()) > 0)) {
                units.add(u);
            }
        }
        units.sort(Comparator.comparing(UnitRecord::id));
        for (UnitRecord u : units) {
            Feature f = track(u, w[0], w[1]);
            if (f != null && q.test(f) && !sink.accept(f)) {
                return;
            }
        }
    }

    @Override
    public long count(FeatureQuery q) {
        return -1;
    }

    /** The window [from, to) a query reads. */
    static Instant[] window(Instant from, Instant to, Instant now) {
        Instant end = to == null ? now : to.plusMillis(1);
        Instant start = from == null ? end.minus(DEFAULT_WINDOW) : from;
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new BadQueryException("datetime", "a track window is at most " + MAX_WINDOW.toHours() + " h");
        }
        return new Instant[] {start, end};
    }

    private Feature track(UnitRecord u, Instant from, Instant to) {
        List<Position> fixes = store.track(u.id(), from, to);
        if (fixes.size() < 2) {
            return null;
        }
        Coordinate[] cs = new Coordinate[fixes.size()];
        for (int i = 0; i < cs.length; i++) {
            cs[i] = new Coordinate(fixes.get(i).lon(), fixes.get(i).lat());
        }
        Instant start = fixes.get(0).time();
        Instant end = fixes.get(fixes.size() - 1).time();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unitId", u.id());
        m.put("callSign", u.unit().callSign());
        m.put("kind", u.unit().kind().id());
        m.put("fixes", fixes.size());
        m.put("start", start);
        m.put("end", end);
        return new Feature(u.id(), Geo.FACTORY.createLineString(cs), m, start, end);
    }
}
