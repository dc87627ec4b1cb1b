package org.gridwatch.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.gridwatch.cql2.Cql2;
import org.gridwatch.cql2.Cql2Exception;
import org.gridwatch.cql2.Queryables;
import org.gridwatch.cql2.Subject;
import org.gridwatch.cql2.TimeRange;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The {@code filter}, {@code filter-lang} and {@code filter-crs} parameters of OGC API – Features
 * Part 3: a CQL2 filter (text or JSON) checked against the layer's queryables and compiled into an
 * exact test and index hints (an envelope and a time range every match lies in). Thread-safe.
 *
 * <p>Choice: {@code filter-lang=cql-text}, the pre-standard name that GDAL 3.6 and older clients
 * send, is read as CQL2 text (their filters are the common comparisons both share), with one
 * concession to the draft they follow: a quoted RFC 3339 date-time ({@code reportedAt >=
 * '2026-12-02T08:00:00Z'}) is read as {@code TIMESTAMP('…')}. In {@code cql2-text} it stays a string,
 * as the standard says.
 */
final class OgcFilters {
    private static final String PART3 = "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/";
    /** A quoted RFC 3339 date-time, as the draft CQL text writes instants. */
    private static final java.util.regex.Pattern QUOTED_INSTANT = java.util.regex.Pattern.compile(
            "(?<![A-Za-z(])'(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:\\d{2}))'");

    /** A compiled filter: the exact test (null = none), an envelope and a time range every match lies in (null = any). */
    record Compiled(Predicate<Feature> test, Envelope hint, Instant from, Instant to) {
        static final Compiled NONE = new Compiled(null, null, null, null);
    }

    /** The conformance classes of filtering declared at {@code /conformance}: Part 3 and CQL2's. */
    List<String> conformance() {
        List<String> all = new ArrayList<>(List.of(PART3 + "queryables", PART3 + "filter", PART3 + "features-filter"));
        all.addAll(Cql2.CONFORMANCE);
        return all;
    }

    /** The queryables of a layer: its properties and {@code geometry}; its time property is {@code datetime}. */
    static Queryables queryables(FeatureLayer layer) {
        Map<String, Queryables.Type> types = new LinkedHashMap<>();
        for (Property p : layer.properties()) {
            types.put(p.name(), switch (p.type()) {
                case STRING -> Queryables.Type.STRING;
                case INTEGER -> Queryables.Type.INTEGER;
                case NUMBER -> Queryables.Type.NUMBER;
                case BOOLEAN -> Queryables.Type.BOOLEAN;
                case TIMESTAMP -> Queryables.Type.TIMESTAMP;
                case DATE -> Queryables.Type.DATE;
            });
        }
        types.put(Queryables.GEOMETRY, Queryables.Type.GEOMETRY);
        return Queryables.of(types, Queryables.GEOMETRY, layer.temporalProperty().orElse(null));
    }

    /**
     * Compiles a filter.
     *
     * @throws Problem 400 naming the parameter at fault; an unknown property or a type mismatch is
     *         a 400 on {@code filter} whose detail names the property
     */
    Compiled compile(FeatureLayer layer, String filter, String lang, String crs) {
        if (filter == null) {
            if (lang != null || crs != null) {
                throw Problem.badField(lang != null ? "filter-lang" : "filter-crs", "given without filter");
            }
            return Compiled.NONE;
        }
        OgcCrs filterCrs = crs == null ? OgcCrs.CRS84 : OgcCrs.parse("filter-crs", crs);
        Cql2.Expression e;
        try {
            e = switch (lang == null ? "cql2-text" : lang) {
                case "cql2-text" -> Cql2.parseText(filter);
                case "cql-text" -> Cql2.parseText(filter.length() > Cql2.MAX_LENGTH ? filter
                        : QUOTED_INSTANT.matcher(filter).replaceAll("TIMESTAMP('$1')"));
                case "cql2-json" -> Cql2.parseJson(filter);
                default -> throw Problem.badField("filter-lang", "unknown filter language '" + clip(lang)
                        + "'; one of cql2-text, cql2-json");
            };
            e = e.validate(queryables(layer));
            if (filterCrs != OgcCrs.CRS84) {
                e = e.mapGeometries(filterCrs::toWgs84);
            }
        } catch (Cql2Exception x) {
            throw Problem.badField("filter", x.getMessage());
        } catch (IllegalArgumentException x) {
            throw Problem.badField("filter", "a geometry of the filter has no position in " + filterCrs.uri() + ": "
                    + x.getMessage());
        }
        Cql2.Expression compiled = e;
        Optional<Envelope> box = compiled.envelopeHint();
        Optional<TimeRange> time = compiled.intervalHint();
        if (box.map(Envelope::isNull).orElse(false) || time.map(TimeRange::isEmpty).orElse(false)) {
            return new Compiled(f -> false, null, null, null);
        }
        return new Compiled(f -> compiled.test(subject(f)), box.orElse(null),
                time.map(TimeRange::start).orElse(null), time.map(TimeRange::end).orElse(null));
    }

    private static Subject subject(Feature f) {
        return new Subject() {
            @Override
            public Object property(String name) {
                return f.get(name);
            }

            @Override
            public Geometry geometry() {
                return f.geometry();
            }
        };
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
