package org.gridwatch.gpkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gridwatch.geo.Geo;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** The GeoPackage binary geometry codec on WKT fixtures. */
class GeoPackageGeometryTest {
    @Test
    void codecRoundTripsAndRejectsGarbage() throws ParseException {
        WKTReader wkt = new WKTReader(Geo.FACTORY);
        for (String text : List.of("POINT (117.97 37.38)", "POLYGON ((0 0, 1 0, 1 1, 0 0))",
                "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))", "POLYGON EMPTY")) {
            Geometry g = wkt.read(text);
            Geometry back = GeoPackageGeometry.decode(GeoPackageGeometry.encode(g, 4326));
            assertThat(back.equalsExact(g)).as(text + " -> " + back).isTrue();
            assertThat(back.getSRID()).isEqualTo(4326);
        }
        assertThat(GeoPackageGeometry.decode(GeoPackageGeometry.encodePoint(117.5, 37.25, 4326)).getCoordinate().x)
                .isEqualTo(117.5);
        assertThatThrownBy(() -> GeoPackageGeometry.decode(new byte[] {'X', 'P', 0, 1, 0, 0, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoPackageGeometry.decode(new byte[] {'G', 'P', 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
