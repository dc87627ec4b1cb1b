package org.gridwatch.cql2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.gridwatch.cql2.Cql2.Expression;
import org.gridwatch.cql2.Features.Feature;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/** Index hints (envelope and interval) and the geometry transform hook. */
class Cql2HintsTest {

    private static Expression incidents(String filter) {
        return Cql2.parseText(filter).validate(Features.INCIDENTS);
    }

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    @Test
    void envelopeFromTheTopLevelAndChain() {
        assertThat(incidents("S_INTERSECTS(geometry, BBOX(117, 37, 118, 38))").envelopeHint())
                .contains(new Envelope(117, 118, 37, 38));
        assertThat(incidents("floors > 2 AND S_WITHIN(location, BBOX(117, 37, 118, 38)) AND category = '盗窃'")
                .envelopeHint()).contains(new Envelope(117, 118, 37, 38));
        assertThat(incidents("S_WITHIN(POINT(117.5 37.5), geometry)").envelopeHint())
                .contains(new Envelope(117.5, 117.5, 37.5, 37.5));
        assertThat(incidents("S_INTERSECTS(geometry, BBOX(117, 37, 118, 38)) AND S_INTERSECTS(geometry, BBOX(117.5, 36, 119, 37.5))")
                .envelopeHint()).contains(new Envelope(117.5, 118, 37, 37.5));
        assertThat(incidents("S_INTERSECTS(geometry, LINESTRING(117 37, 118 38))").envelopeHint())
                .contains(new Envelope(117, 118, 37, 38));
    }

    @Test
    void disjointLiteralsGiveANullEnvelope() {
        Optional<Envelope> h = incidents("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1)) AND S_INTERSECTS(geometry, BBOX(2, 2, 3, 3))")
                .envelopeHint();
        assertThat(h).isPresent();
        assertThat(h.get().isNull()).isTrue();
    }

    @Test
    void noEnvelopeUnderOrNotOrDisjointOrUnbound() {
        assertThat(incidents("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1)) OR floors > 2").envelopeHint()).isEmpty();
        assertThat(incidents("NOT S_INTERSECTS(geometry, BBOX(0, 0, 1, 1))").envelopeHint()).isEmpty();
        assertThat(incidents("S_DISJOINT(geometry, BBOX(0, 0, 1, 1))").envelopeHint()).isEmpty();
        assertThat(incidents("S_INTERSECTS(zone, BBOX(0, 0, 1, 1))").envelopeHint()).isEmpty();
        assertThat(incidents("floors > 2").envelopeHint()).isEmpty();
        // Before validation, nothing names the feature's geometry.
        assertThat(Cql2.parseText("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1))").envelopeHint()).isEmpty();
        // Under OR inside the AND chain the OR contributes nothing, the rest still does.
        assertThat(incidents("S_INTERSECTS(geometry, BBOX(0, 0, 1, 1)) AND (S_INTERSECTS(geometry, BBOX(5, 5, 6, 6)) OR open = true)")
                .envelopeHint()).contains(new Envelope(0, 1, 0, 1));
    }

    @Test
    void intervalFromTemporalPredicatesAndComparisons() {
        assertThat(incidents("T_INTERSECTS(datetime, INTERVAL('2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z'))").intervalHint())
                .contains(new TimeRange(t("2025-03-01T00:00:00Z"), t("2025-03-02T00:00:00Z")));
        assertThat(incidents("T_DURING(datetime, INTERVAL('2025-03-01', '..'))").intervalHint())
                .contains(new TimeRange(t("2025-03-01T00:00:00Z"), null));
        assertThat(incidents("T_BEFORE(datetime, TIMESTAMP('2025-03-01T00:00:00Z'))").intervalHint())
                .contains(new TimeRange(null, t("2025-03-01T00:00:00Z")));
        assertThat(incidents("T_AFTER(datetime, DATE('2025-03-01'))").intervalHint())
                .contains(new TimeRange(t("2025-03-01T23:59:59.999999999Z"), null));
        assertThat(incidents("T_BEFORE(INTERVAL('2025-01-01', '2025-02-01'), datetime)").intervalHint())
                .contains(new TimeRange(t("2025-02-01T23:59:59.999999999Z"), null));
        assertThat(incidents("occurred >= TIMESTAMP('2025-03-01T00:00:00Z') AND datetime < TIMESTAMP('2025-04-01T00:00:00Z')")
                .intervalHint()).contains(new TimeRange(t("2025-03-01T00:00:00Z"), t("2025-04-01T00:00:00Z")));
        assertThat(incidents("TIMESTAMP('2025-03-01T00:00:00Z') < datetime").intervalHint())
                .contains(new TimeRange(t("2025-03-01T00:00:00Z"), null));
        assertThat(incidents("datetime BETWEEN DATE('2025-03-01') AND DATE('2025-03-31')").intervalHint())
                .contains(new TimeRange(t("2025-03-01T00:00:00Z"), t("2025-03-31T00:00:00Z")));
        assertThat(Cql2.parseText("T_INTERSECTS(datetime, INTERVAL('2025-03-01', '2025-03-02'))").validate(Features.SHIFTS)
                .intervalHint()).contains(new TimeRange(t("2025-03-01T00:00:00Z"), t("2025-03-02T23:59:59.999999999Z")));
    }

    @Test
    void noIntervalUnderOrNotOrDisjoint() {
        assertThat(incidents("T_BEFORE(datetime, DATE('2025-03-01')) OR floors > 1").intervalHint()).isEmpty();
        assertThat(incidents("NOT T_BEFORE(datetime, DATE('2025-03-01'))").intervalHint()).isEmpty();
        assertThat(incidents("T_DISJOINT(datetime, DATE('2025-03-01'))").intervalHint()).isEmpty();
        assertThat(incidents("datetime <> DATE('2025-03-01')").intervalHint()).isEmpty();
        assertThat(incidents("T_BEFORE(day, DATE('2025-03-01'))").intervalHint()).isEmpty();
        assertThat(incidents("floors > 1").intervalHint()).isEmpty();
    }

    @Test
    void contradictoryTimesGiveAnEmptyRange() {
        Optional<TimeRange> h = incidents("T_BEFORE(datetime, DATE('2025-01-01')) AND T_AFTER(datetime, DATE('2025-02-01'))")
                .intervalHint();
        assertThat(h).isPresent();
        assertThat(h.get().isEmpty()).isTrue();
    }

    /** Brute-force oracle: over a grid of features, every match lies in the hints; the hints are necessary. */
    @Test
    void hintsNeverExcludeAMatch() {
        String[] filters = {
            "S_WITHIN(geometry, BBOX(117.2, 37.1, 117.6, 37.7)) AND floors > 2",
            "S_INTERSECTS(geometry, POLYGON((117 37, 118 37, 117.5 38, 117 37))) AND T_DURING(datetime, INTERVAL('2025-03-03', '2025-03-06'))",
            "S_TOUCHES(geometry, BBOX(117.5, 37.5, 118, 38)) AND datetime >= TIMESTAMP('2025-03-04T00:00:00Z')",
            "S_CONTAINS(BBOX(117, 37, 117.5, 37.5), geometry) AND T_BEFORE(datetime, DATE('2025-03-05'))",
            "S_EQUALS(geometry, POINT(117.5 37.5)) AND T_AFTER(datetime, TIMESTAMP('2025-03-02T12:00:00Z'))",
        };
        Feature base = Features.burglary();
        for (String filter : filters) {
            Expression e = incidents(filter);
            Envelope env = e.envelopeHint().orElseThrow();
            TimeRange range = e.intervalHint().orElse(new TimeRange(null, null));
            int matches = 0;
            for (int i = 0; i <= 20; i++) {
                for (int j = 0; j <= 20; j++) {
                    for (int day = 1; day <= 9; day++) {
                        double x = 117 + i * 0.05;
                        double y = 37 + j * 0.05;
                        Instant when = t("2025-03-0" + day + "T06:00:00Z");
                        Feature f = base.at("POINT (" + x + " " + y + ")").with("occurred", when).with("floors", i % 5);
                        if (e.test(f)) {
                            matches++;
                            assertThat(env.intersects(f.geometry().getEnvelopeInternal())).as(filter + " at " + x + " " + y).isTrue();
                            assertThat(range.contains(when)).as(filter + " at " + when).isTrue();
                        }
                    }
                }
            }
            assertThat(matches).as("matches of " + filter).isPositive();
        }
    }

    @Test
    void mapGeometriesTransformsEveryLiteralAndPreparesItAgain() {
        // Written lat/lon (EPSG:4326 axis order), transformed by the caller to lon/lat.
        Expression latLon = incidents("S_WITHIN(geometry, POLYGON((37.3 117.9, 37.3 118.1, 37.5 118.1, 37.5 117.9, 37.3 117.9)))"
                + " AND NOT S_INTERSECTS(geometry, POINT(37.45 118.05))");
        Feature f = Features.burglary(); // POINT (118 37.4)
        assertThat(latLon.test(f)).isFalse();
        Expression lonLat = latLon.mapGeometries(Cql2HintsTest::swapAxes);
        assertThat(lonLat.test(f)).isTrue();
        assertThat(lonLat.test(f.at("POINT (118.05 37.45)"))).isFalse();
        assertThat(lonLat.envelopeHint()).contains(new Envelope(117.9, 118.1, 37.3, 37.5));
        // The original is unchanged.
        assertThat(latLon.test(f)).isFalse();
        assertThat(latLon.envelopeHint()).contains(new Envelope(37.3, 37.5, 117.9, 118.1));
        // Literals in CASEI, INTERVAL, IN … carry no geometry and survive the copy.
        Expression other = incidents("CASEI(category) IN (CASEI('盗窃')) AND T_DURING(datetime, INTERVAL('2025-01-01', '..'))");
        assertThat(other.mapGeometries(Cql2HintsTest::swapAxes)).isEqualTo(other);
    }

    private static Geometry swapAxes(Geometry g) {
        Geometry copy = g.copy();
        copy.apply((CoordinateFilter) c -> {
            double x = c.x;
            c.x = c.y;
            c.y = x;
        });
        copy.geometryChanged();
        return copy;
    }
}
