package org.gridwatch.feature;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.geo.JsonText;
import org.locationtech.jts.geom.Geometry;

/**
 * Features as GeoJSON text written straight into a {@link JsonText}: no object tree per feature,
 * for the answers that carry many (OGC API items). The text is the GeoJSON of
 * {@code {"type":"Feature","id":…,"geometry":…,"properties":{…}}} with the properties in schema
 * order; coordinates as {@link JsonText#coordinate} writes them (rounded to 1e-7), instants as
 * {@link Instant#toString} spells them, dates as ISO 8601 text, other numbers and booleans as JSON
 * numbers and booleans, a number that is not finite as {@code null}. Stateless; thread-safe.
 */
public final class FeatureJson {
    private FeatureJson() {
    }

    /**
     * Appends {@code f} as a GeoJSON Feature object, its geometry first passed through
     * {@code toCrs} (WGS84 lon/lat in, the answer's CRS out; {@link UnaryOperator#identity()} for WGS84).
     *
     * @param members JSON text of further members written after the properties (e.g.
     *                {@code "links":[…]}), or null
     * @return out
     */
    public static JsonText append(JsonText out, Feature f, UnaryOperator<Geometry> toCrs, String members) {
        out.raw("{\"type\":\"Feature\",\"id\":").string(f.id()).raw(",\"geometry\":");
        GeoJson.append(out, toCrs.apply(f.geometry()));
        out.raw(",\"properties\":{");
        boolean first = true;
        for (Map.Entry<String, Object> e : f.properties().entrySet()) {
            if (!first) {
                out.raw(',');
            }
            first = false;
            value(out.string(e.getKey()).raw(':'), e.getValue());
        }
        out.raw('}');
        if (members != null) {
            out.raw(',').raw(members);
        }
        return out.raw('}');
    }

    /** Appends a property value ({@link PropertyType}'s Java types, or null) as JSON. */
    public static JsonText value(JsonText out, Object v) {
        if (v == null) {
            return out.nul();
        }
        if (v instanceof String s) {
            return out.string(s);
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return out.number(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return out.number(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return out.bool(b);
        }
        if (v instanceof Instant t) {
            return out.instant(t);
        }
        if (v instanceof LocalDate d) {
            return out.date(d);
        }
        return out.string(v.toString());
    }
}
