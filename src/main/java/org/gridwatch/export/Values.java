package org.gridwatch.export;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.WKTWriter;

/** The text of property values and geometries in the text formats. Thread-safe: stateless. */
final class Values {
    /** Coordinates in text are rounded to 1e-7° (about 1 cm), as the GeoJSON of the API. */
    private static final PrecisionModel TEXT_PRECISION = new PrecisionModel(1e7);

    private Values() {
    }

    /** {@code value} as text: instants in {@code zone}'s local time with its offset (ISO 8601), numbers without exponent; null → null. */
    static String text(Object value, ZoneId zone) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(i.atZone(zone));
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? null : plain(d);
        }
        if (value instanceof Float f) {
            return plain(f.doubleValue());
        }
        return value.toString();
    }

    private static String plain(double d) {
        String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /** OGC WKT of {@code g}, lon lat, coordinates rounded to 1e-7°. A WKTWriter is not thread-safe: one per call. */
    static String wkt(Geometry g) {
        WKTWriter w = new WKTWriter(2);
        w.setPrecisionModel(TEXT_PRECISION);
        return w.write(g);
    }
}
