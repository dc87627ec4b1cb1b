package org.gridwatch.cql2;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gridwatch.cql2.Queryables.Type;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** Test subjects: features built from WKT and property values, and the queryables they fit. */
final class Features {
    private Features() {
    }

    /** An incident-like collection: time is one instant per feature ({@code occurred}). */
    static final Queryables INCIDENTS = Queryables.of(properties(), "location", "occurred");

    /** A patrol-like collection: time is an interval per feature ({@code started} to {@code ended}). */
    static final Queryables SHIFTS = Queryables.ofInterval(properties(), "location", "started", "ended");

    private static Map<String, Type> properties() {
        Map<String, Type> p = new LinkedHashMap<>();
        p.put("category", Type.STRING);
        p.put("name", Type.STRING);
        p.put("floors", Type.INTEGER);
        p.put("height", Type.NUMBER);
        p.put("open", Type.BOOLEAN);
        p.put("occurred", Type.TIMESTAMP);
        p.put("day", Type.DATE);
        p.put("started", Type.TIMESTAMP);
        p.put("ended", Type.TIMESTAMP);
        p.put("location", Type.GEOMETRY);
        p.put("zone", Type.GEOMETRY);
        return p;
    }

    record Feature(Map<String, Object> values, Geometry geometry) implements Subject {
        @Override
        public Object property(String name) {
            return values.get(name);
        }

        /** A copy with {@code name} set to {@code value} ({@code null} removes it). */
        Feature with(String name, Object value) {
            Map<String, Object> v = new HashMap<>(values);
            if (value == null) {
                v.remove(name);
            } else {
                v.put(name, value);
            }
            return new Feature(v, geometry);
        }

        Feature at(String wkt) {
            return new Feature(values, Features.geometry(wkt));
        }
    }

    /** A burglary (盗窃) at a point in Binzhou, with every property set. */
    static Feature burglary() {
        Map<String, Object> v = new HashMap<>();
        v.put("category", "盗窃");
        v.put("name", "Straße débárquér");
        v.put("floors", 6);
        v.put("height", 18.5);
        v.put("open", true);
        v.put("occurred", Instant.parse("2025-03-01T10:00:00Z"));
        v.put("day", LocalDate.parse("2025-03-01"));
        v.put("started", Instant.parse("2025-03-01T08:00:00Z"));
        v.put("ended", Instant.parse("2025-03-01T16:00:00Z"));
        v.put("zone", geometry("POLYGON ((117.9 37.3, 118.1 37.3, 118.1 37.5, 117.9 37.5, 117.9 37.3))"));
        return new Feature(v, geometry("POINT (118.0 37.4)"));
    }

    static Geometry geometry(String wkt) {
        try {
            return new WKTReader().read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(wkt, e);
        }
    }
}
