package org.gridwatch.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.GeodesicData;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/**
 * {@link Geodesy} against published geodesic reference values and, for {@code envelopeAround}, a
 * property test whose oracle is GeographicLib's direct problem.
 */
class GeodesyTest {

    static double dms(double d, double m, double s) {
        return Math.signum(d) * (Math.abs(d) + m / 60.0 + s / 3600.0);
    }

    // ------------------------------------------------------------------ published distances

    @Test
    void wellingtonToSalamancaMatchesGeographicLibDocumentation() {
        // GeographicLib JavaScript README (https://npmjs.com/package/geographiclib-geodesic, also the node
        // "geographiclib" package): Inverse(-41.32, 174.81, 40.96, -5.50) "prints The distance is 19959679.267 m."
        // Nearly antipodal: a naive Vincenty would struggle here, Karney's algorithm does not.
        assertThat(Geodesy.distance(174.81, -41.32, -5.50, 40.96)).isCloseTo(19_959_679.267, within(0.001));
    }

    @Test
    void flindersPeakToBuninyongMatchesGeoscienceAustraliaVincentyExample() {
        // Geoscience Australia, Vincenty's inverse worked example (GDA Technical Manual;
        // http://www.ga.gov.au/geodesy/datums/vincenty_inverse.jsp): Flinders Peak 37°57'03.72030"S
        // 144°25'29.52440"E to Buninyong 37°39'10.15610"S 143°55'35.38390"E, ellipsoidal distance 54972.271 m
        // (GRS80; GRS80 and WGS84 differ by < 0.1 mm over this line). Vincenty is millimetre-accurate.
        double lat1 = dms(-37, 57, 3.72030);
        double lon1 = dms(144, 25, 29.52440);
        double lat2 = dms(-37, 39, 10.15610);
        double lon2 = dms(143, 55, 35.38390);
        assertThat(Geodesy.distance(lon1, lat1, lon2, lat2)).isCloseTo(54_972.271, within(0.002));
    }

    @Test
    void landsEndToJohnOGroatsMatchesVenessVincentyTest() {
        // Chris Veness, geodesy library test suite (movable-type.co.uk, github.com/chrisveness/geodesy):
        // LatLon(50.06632, -5.71475).distanceTo(LatLon(58.64402, -3.07009)) = '969954.166' (WGS84, Vincenty).
        assertThat(Geodesy.distance(-5.71475, 50.06632, -3.07009, 58.64402)).isCloseTo(969_954.166, within(0.002));
    }

    @Test
    void oneDegreeAlongTheEquatorAndAlongTheMeridian() {
        // Along the equator the geodesic is the equator: 1° = a·π/180 with a = 6378137 m (WGS84 definition).
        assertThat(Geodesy.distance(0, 0, 1, 0)).isCloseTo(6_378_137.0 * Math.PI / 180.0, within(0.001));
        // Meridian arc 0°–1°: 110574.4 m (the standard "length of a degree of latitude" table, e.g. Wikipedia
        // "Latitude", WGS84: 110.574 km at the equator). Catches swapped lon/lat arguments (111.3 km vs 110.6 km).
        assertThat(Geodesy.distance(0, 0, 0, 1)).isCloseTo(110_574.4, within(0.5));
    }

    @Test
    void shortBinzhouDistancesAgreeWithHaversineWithinHalfAPercent() {
        // An independent estimate: haversine on the mean Earth radius (IUGG R1 = 6371008.8 m). The sphere is
        // within ~0.3 % of the ellipsoid at 37° N in every direction, so 0.5 % is a fair bound.
        double lon0 = 117.9707; // Binzhou city, Bincheng district
        double lat0 = 37.3822;
        double[][] others = {
            {117.9907, 37.3822}, // ~1.8 km east
            {117.9707, 37.4022}, // ~2.2 km north
            {117.9507, 37.3622}, // ~2.8 km south-west
            {118.0207, 37.4222}, // ~6.2 km north-east
            {117.7400, 37.4800}, // towards Huimin, ~22 km
        };
        for (double[] p : others) {
            double expected = haversine(lon0, lat0, p[0], p[1]);
            double actual = Geodesy.distance(lon0, lat0, p[0], p[1]);
            assertThat(actual).as("to %s, %s", p[0], p[1]).isCloseTo(expected, within(expected * 0.005));
        }
    }

    static double haversine(double lon1, double lat1, double lon2, double lat2) {
        double r = 6_371_008.8;
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * r * Math.asin(Math.sqrt(h));
    }

    @Test
    void distanceIsSymmetricAndZeroForTheSamePoint() {
        assertThat(Geodesy.distance(117.9707, 37.3822, 117.9707, 37.3822)).isZero();
        assertThat(Geodesy.distance(117.9707, 37.3822, 118.1, 37.5))
                .isCloseTo(Geodesy.distance(118.1, 37.5, 117.9707, 37.3822), within(1e-6));
    }

    // ------------------------------------------------------------------ envelopeAround

    @Test
    void envelopeContainsEveryPointAtTheRadiusInAllDirections() {
        Random random = new Random(42L);
        for (int i = 0; i < 2_000; i++) {
            // Centres anywhere in China's latitude band (the documented validity range), radii 1 m .. 100 km
            // log-uniform, so street-scale and county-scale queries are both exercised.
            double lon = 73 + random.nextDouble() * 62;
            double lat = 18 + random.nextDouble() * 36;
            double radius = Math.pow(10, random.nextDouble() * 5);
            Envelope env = Geodesy.envelopeAround(lon, lat, radius);
            for (int k = 0; k < 40; k++) {
                // the four cardinal and four diagonal bearings, then random ones
                double azimuth = k < 8 ? k * 45.0 : random.nextDouble() * 360.0;
                // on the circle itself and inside it
                double s = k % 2 == 0 ? radius : radius * random.nextDouble();
                GeodesicData d = Geodesic.WGS84.Direct(lat, lon, azimuth, s);
                assertThat(env.contains(d.lon2, d.lat2))
                        .as("centre (%s, %s) r=%s m azimuth %s°: (%s, %s) not in %s", lon, lat, radius, azimuth,
                                d.lon2, d.lat2, env)
                        .isTrue();
            }
        }
    }

    @Test
    void envelopeContainsTheRadiusAroundBinzhouCorners() {
        double[][] centres = {{117.2, 36.6}, {118.4, 36.6}, {117.2, 38.4}, {118.4, 38.4}, {117.9707, 37.3822}};
        for (double[] c : centres) {
            for (double radius : new double[] {50, 500, 5_000, 50_000}) {
                Envelope env = Geodesy.envelopeAround(c[0], c[1], radius);
                for (int azimuth = 0; azimuth < 360; azimuth += 5) {
                    GeodesicData d = Geodesic.WGS84.Direct(c[1], c[0], azimuth, radius);
                    assertThat(env.contains(d.lon2, d.lat2)).as("%s r=%s az=%s", c, radius, azimuth).isTrue();
                }
            }
        }
    }

    @Test
    void envelopeIsNotAbsurdlyLarge() {
        Random random = new Random(7L);
        for (int i = 0; i < 2_000; i++) {
            double lon = 73 + random.nextDouble() * 62;
            double lat = 18 + random.nextDouble() * 36;
            double radius = Math.pow(10, random.nextDouble() * 5);
            Envelope env = Geodesy.envelopeAround(lon, lat, radius);
            // width measured along the centre's parallel, height along its meridian, by GeographicLib
            double width = Geodesic.WGS84.Inverse(lat, env.getMinX(), lat, env.getMaxX()).s12;
            double height = Geodesic.WGS84.Inverse(env.getMinY(), lon, env.getMaxY(), lon).s12;
            assertThat(width).as("width at (%s, %s) r=%s", lon, lat, radius).isLessThan(2.5 * 2 * radius);
            assertThat(height).as("height at (%s, %s) r=%s", lon, lat, radius).isLessThan(2.5 * 2 * radius);
            assertThat(env.centre().x).isCloseTo(lon, within(1e-9));
            assertThat(env.centre().y).isCloseTo(lat, within(1e-9));
        }
    }

    @Test
    void zeroRadiusEnvelopeIsTheCentre() {
        Envelope env = Geodesy.envelopeAround(117.9707, 37.3822, 0);
        assertThat(env.contains(117.9707, 37.3822)).isTrue();
        assertThat(env.getWidth()).isZero();
        assertThat(env.getHeight()).isZero();
    }

    @Test
    void approximationStaysWithinHalfAPercentAndWithinDistanceIsExact() {
        Random r = new Random(37);
        for (int i = 0; i < 20_000; i++) {
            double lon = 73 + r.nextDouble() * 60;
            double lat = 18 + r.nextDouble() * 35;
            double az = r.nextDouble() * 360;
            double d = Math.pow(10, r.nextDouble() * 5.3); // 1 m .. 200 km
            GeodesicData g = Geodesic.WGS84.Direct(lat, lon, az, d);
            double approx = Geodesy.approxDistance(lon, lat, g.lon2, g.lat2);
            assertThat(Math.abs(approx - d) / d).as("d=%s at %s,%s", d, lon, lat)
                    .isLessThan(0.005);
            // withinDistance must agree with the exact geodesic, including right at the threshold.
            double exact = Geodesy.distance(lon, lat, g.lon2, g.lat2);
            double threshold = exact * (0.98 + r.nextDouble() * 0.04);
            assertThat(Geodesy.withinDistance(lon, lat, g.lon2, g.lat2, threshold))
                    .isEqualTo(exact <= threshold);
        }
    }

    @Test
    void distancesFromOnePointAgreeWithTheApproximation() {
        Random r = new Random(41);
        for (int i = 0; i < 50_000; i++) {
            double lon = -170 + r.nextDouble() * 340;
            double lat = -60 + r.nextDouble() * 120;
            double d = Math.pow(10, r.nextDouble() * 5.3); // 1 m .. 200 km
            GeodesicData g = Geodesic.WGS84.Direct(lat, lon, r.nextDouble() * 360, d);
            if (Math.abs(g.lat2) > 60) {
                continue;
            }
            double fast = new Geodesy.From(lon, lat).approxDistanceTo(g.lon2, g.lat2);
            double approx = Geodesy.approxDistance(lon, lat, g.lon2, g.lat2);
            assertThat(Math.abs(fast - approx) / approx).as("d=%s at %s,%s", d, lon, lat).isLessThan(2e-4);
        }
    }

    @Test
    void shortDistancesAgreeWithKarneyToAMillimetre() {
        Random r = new Random(43);
        for (int i = 0; i < 100_000; i++) {
            double lon = -180 + r.nextDouble() * 360;
            double lat = -89 + r.nextDouble() * 178;
            double d = i % 1000 == 0 ? 0 : Math.pow(10, r.nextDouble() * 6); // 1 m .. 1,000 km, and the same point
            GeodesicData g = Geodesic.WGS84.Direct(lat, lon, r.nextDouble() * 360, d);
            double exact = Geodesy.distance(lon, lat, g.lon2, g.lat2);
            assertThat(Geodesy.shortDistance(lon, lat, g.lon2, g.lat2)).as("d=%s from %s,%s", d, lon, lat)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-3));
        }
    }
}
