package org.gridwatch.casework;

import com.uber.h3core.H3Core;
import com.uber.h3core.util.LatLng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.Geodesy;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.UnitKind;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.patrol.UnitStatus;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * The 快速反应圈 (rapid-response circles): the part of each township that an available unit can
 * reach within 3 or 5 minutes, straight line at its kind's speed, and its share of the township
 * (the coverage rate). The city is cut into H3 cells of resolution 9 (about 0.1 km², 174 m edge);
 * a cell is reached when its centre lies within {@code speed × time} of an available unit with a
 * fix of the last {@link #FRESH}; a township's rate is its reached cells over its cells (those
 * whose centre lies inside it). Straight-line reach, not the road network: an upper bound of what
 * units reach, as the dispatch ETAs are.
 *
 * <p>The townships' cells are computed once per township and kept; the city-wide reach of a time
 * limit is reused for {@link #REUSE} (answers are that much behind the units at most). Thread-safe; a
 * computation grows with the units and the reach, so it runs on a worker.
 */
public final class RapidResponse {
    /** H3 resolution of the cells. */
    static final int RESOLUTION = 9;
    /** A unit counts only with a fix this recent. */
    public static final Duration FRESH = Duration.ofMinutes(10);

    private final H3Core h3;
    private final AreaHierarchy areas;
    private final double spacingMetres;
    /** Per township code, its cells (kept while the area object is the same). */
    private final Map<String, Cells> cells = new ConcurrentHashMap<>();

    private record Cells(AdminArea area, long[] ids) {
    }

    /** The cells reached at {@code at}, city-wide, for one time limit. */
    private record Reached(Instant at, Set<Long> cells, Map<String, Integer> unitsIn) {
    }

    /** A city-wide reach is reused for this long (every big screen polls it; units move little meanwhile). */
    static final Duration REUSE = Duration.ofSeconds(15);
    /** Per time limit, the last city-wide reach. */
    private final Map<Duration, Reached> reached = new ConcurrentHashMap<>();

    /**
     * The reach of one township.
     *
     * @param area     the township
     * @param cells    its cells
     * @param reached  of those, the cells an available unit reaches in time
     * @param units    available units with a fresh fix whose home township it is
     * @param geometry the reached part as cell polygons (WGS84), or null when not asked for or none
     */
    public record Reach(AdminArea area, int cells, int reached, int units, Geometry geometry) {
        /** Reached share, 0–1 (1 for a township too small for a cell's centre). */
        public double rate() {
            return cells == 0 ? 1 : reached / (double) cells;
        }
    }

    public RapidResponse(AreaHierarchy areas) {
        try {
            this.h3 = H3Core.newInstance();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the H3 native library", e);
        }
        this.areas = areas;
        // Centre-to-centre distance of neighbouring cells: √3 × the edge.
        this.spacingMetres = Math.sqrt(3) * h3.getHexagonEdgeLengthAvg(RESOLUTION, com.uber.h3core.LengthUnit.m);
    }

    /**
     * The reach of every township inside {@code scope} within {@code within}. The city-wide reach
     * of {@code within} is computed from {@code units} and {@code speed} at most every
     * {@link #REUSE} of {@code now}; a call in between answers from the last one.
     *
     * @param units    the roster (only available units with a fresh fix count)
     * @param speed    straight-line speed per kind, metres per second
     * @param geometry true to build each township's reached part
     */
    public List<Reach> reach(Collection<UnitRecord> units, Scope scope, Duration within,
                             ToDoubleFunction<UnitKind> speed, Instant now, boolean geometry) {
        Reached cached = this.reached.get(within);
        if (cached == null || cached.at().isAfter(now) || cached.at().plus(REUSE).isBefore(now)) {
            cached = compute(units, within, speed, now);
            this.reached.put(within, cached);
        }
        Set<Long> reached = cached.cells();
        Map<String, Integer> unitsIn = cached.unitsIn();
        List<Reach> out = new ArrayList<>();
        for (AdminArea t : areas.level(AdminLevel.TOWNSHIP)) {
            if (!scope.includes(t.code())) {
                continue;
            }
            long[] ids = cellsOf(t);
            List<Long> in = new ArrayList<>();
            for (long c : ids) {
                if (reached.contains(c)) {
                    in.add(c);
                }
            }
            out.add(new Reach(t, ids.length, in.size(), unitsIn.getOrDefault(t.code(), 0),
                    geometry && !in.isEmpty() ? polygons(in) : null));
        }
        return out;
    }

    /** The cells reached within {@code within} by the units, and the units counted per home township. */
    private Reached compute(Collection<UnitRecord> units, Duration within, ToDoubleFunction<UnitKind> speed,
                            Instant now) {
        Set<Long> cells = new HashSet<>();
        Map<String, Integer> unitsIn = new java.util.HashMap<>();
        for (UnitRecord u : units) {
            Position p = u.lastPosition();
            if (u.status() != UnitStatus.AVAILABLE || p == null || p.time().isBefore(now.minus(FRESH))) {
                continue;
            }
            unitsIn.merge(u.unit().homeTownshipCode(), 1, Integer::sum);
            double radius = speed.applyAsDouble(u.unit().kind()) * within.toSeconds();
            long centre = h3.latLngToCell(p.lat(), p.lon(), RESOLUTION);
            cells.add(centre);
            int k = (int) Math.ceil(radius / spacingMetres);
            for (long c : h3.gridDisk(centre, k)) {
                if (!cells.contains(c)) {
                    LatLng ll = h3.cellToLatLng(c);
                    if (Geodesy.approxDistance(p.lon(), p.lat(), ll.lng, ll.lat) <= radius) {
                        cells.add(c);
                    }
                }
            }
        }
        return new Reached(now, Set.copyOf(cells), Map.copyOf(unitsIn));
    }

    private long[] cellsOf(AdminArea township) {
        Cells c = cells.get(township.code());
        if (c == null || c.area() != township) {
            List<Long> ids = new ArrayList<>();
            Geometry g = township.geometry();
            for (int n = 0; n < g.getNumGeometries(); n++) {
                Polygon p = (Polygon) g.getGeometryN(n);
                List<List<LatLng>> holes = new ArrayList<>();
                for (int h = 0; h < p.getNumInteriorRing(); h++) {
                    holes.add(ring(p.getInteriorRingN(h)));
                }
                ids.addAll(h3.polygonToCells(ring(p.getExteriorRing()), holes, RESOLUTION));
            }
            c = new Cells(township, ids.stream().mapToLong(Long::longValue).toArray());
            cells.put(township.code(), c);
        }
        return c.ids();
    }

    private static List<LatLng> ring(LinearRing r) {
        List<LatLng> out = new ArrayList<>(r.getNumPoints());
        for (Coordinate k : r.getCoordinates()) {
            out.add(new LatLng(k.y, k.x));
        }
        return out;
    }

    /** The cells as one (Multi)Polygon, WGS84 lon/lat. */
    private Geometry polygons(List<Long> ids) {
        List<Polygon> polys = new ArrayList<>();
        for (List<List<LatLng>> poly : h3.cellsToMultiPolygon(ids, true)) {
            LinearRing shell = null;
            List<LinearRing> holes = new ArrayList<>();
            for (List<LatLng> loop : poly) {
                Coordinate[] cs = loop.stream().map(ll -> new Coordinate(ll.lng, ll.lat)).toArray(Coordinate[]::new);
                LinearRing r = Geo.FACTORY.createLinearRing(cs);
                if (shell == null) {
                    shell = r;
                } else {
                    holes.add(r);
                }
            }
            polys.add(Geo.FACTORY.createPolygon(shell, holes.toArray(LinearRing[]::new)));
        }
        return polys.size() == 1 ? polys.get(0) : Geo.FACTORY.createMultiPolygon(polys.toArray(Polygon[]::new));
    }
}
