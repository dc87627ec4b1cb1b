package org.gridwatch.patrol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.gridwatch.geo.Geodesy;

/**
 * The candidates of one {@link MovingPointIndex} nearest search. Where the flat-earth distance is
 * trusted (mid latitudes, within {@link MovingPointIndex#APPROX_VALID_METRES}) a candidate is held
 * with that distance's range (±{@link MovingPointIndex#APPROX_MARGIN}) and the exact geodesic is
 * computed at the end, only for the candidates whose range still meets the k best: about k
 * geodesics a search instead of one per point read. Elsewhere the geodesic is computed at once.
 * One search's own: not thread-safe.
 */
final class NearestCandidates<T> {
    private final int k;
    private final double lon;
    private final double lat;
    private final double maxMetres;
    /** True where the flat-earth distance may prune (mid latitudes). */
    private final boolean approxValid;
    /** The k smallest upper bounds of candidates' distances so far, largest on top. */
    private final PriorityQueue<Double> uppers;
    private final List<Candidate<T>> candidates = new ArrayList<>();
    private final Comparator<MovingPointIndex.Hit<T>> order;
    private final Geodesy.From from;

    /** A point that may be a hit: its distance lies in [lower, upper] (equal once exact). */
    private record Candidate<T>(MovingPointIndex.Entry<T> entry, double lower, double upper) {
    }

    @SuppressWarnings("unchecked")
    NearestCandidates(int k, double lon, double lat, double maxMetres, boolean approxValid) {
        this.k = k;
        this.lon = lon;
        this.lat = lat;
        this.maxMetres = maxMetres;
        this.approxValid = approxValid;
        this.order = (Comparator<MovingPointIndex.Hit<T>>) (Comparator<?>) MovingPointIndex.HIT_ORDER;
        this.uppers = new PriorityQueue<>(k + 1, Comparator.reverseOrder());
        this.from = new Geodesy.From(lon, lat);
    }

    /** Farthest a new hit may be: the radius, or the k-th smallest upper bound so far. */
    double limit() {
        return uppers.size() == k ? Math.min(maxMetres, uppers.peek()) : maxMetres;
    }

    /**
     * A lower bound of the geodesic distance to {@code e}: the meridian arc between the two
     * parallels is the shortest way from one to the other, at least 110.5 km a degree.
     */
    double latitudeFloor(MovingPointIndex.Entry<T> e) {
        return Math.abs(e.lat() - lat) * MovingPointIndex.MIN_METRES_PER_DEGREE_LAT;
    }

    void consider(MovingPointIndex.Entry<T> e) {
        if (approxValid && Math.abs(e.lat()) <= MovingPointIndex.CELL_MAX_LAT) {
            // The flat-earth distance is within 0.52 % up to 200 km at mid latitudes.
            double approx = from.approxDistanceTo(e.lon(), e.lat());
            if (approx < MovingPointIndex.APPROX_VALID_METRES) {
                add(e, approx * (1 - MovingPointIndex.APPROX_MARGIN), approx * (1 + MovingPointIndex.APPROX_MARGIN));
                return;
            }
        }
        double d = Geodesy.distance(lon, lat, e.lon(), e.lat());
        add(e, d, d);
    }

    private void add(MovingPointIndex.Entry<T> e, double lower, double upper) {
        if (lower > limit()) {
            return;
        }
        candidates.add(new Candidate<>(e, lower, upper));
        uppers.add(upper);
        if (uppers.size() > k) {
            uppers.poll();
        }
    }

    /** The k nearest candidates within the radius, nearest first, ties by id; exact distances. */
    List<MovingPointIndex.Hit<T>> sorted() {
        double limit = limit();
        List<MovingPointIndex.Hit<T>> hits = new ArrayList<>();
        for (Candidate<T> c : candidates) {
            if (c.lower() > limit) {
                continue; // k others are surely nearer
            }
            MovingPointIndex.Entry<T> e = c.entry();
            // Held by its flat-earth range: within 200 km, where Vincenty's formula is Karney's to 1 mm.
            double d = c.lower() == c.upper() ? c.lower() : Geodesy.shortDistance(lon, lat, e.lon(), e.lat());
            if (d <= maxMetres) {
                hits.add(new MovingPointIndex.Hit<>(e, d));
            }
        }
        hits.sort(order);
        return hits.size() > k ? new ArrayList<>(hits.subList(0, k)) : hits;
    }
}
