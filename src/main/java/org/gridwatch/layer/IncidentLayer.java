package org.gridwatch.layer;

import java.time.Instant;
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
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.IncidentIndex;
import org.gridwatch.incident.IncidentQuery;
import org.locationtech.jts.geom.Envelope;

/**
 * Incidents (网格上报, 平安码, 110) from the live incident index, newest first (the order of
 * {@code /api/v1/incidents}), each at its reported time; in the scope of its grid. A scan reads the
 * index a page at a time with its own cursor, so a bbox or a time window narrows the partitions and
 * cells it visits.
 */
final class IncidentLayer extends AbstractLayer {
    /** Incidents read from the index in the first step of a scan, at most (a page of 100 takes one step). */
    private static final int FIRST_STEP = 128;
    /** Incidents read in the first step at least, however few the sink expects. */
    private static final int MIN_STEP = 16;
    /** Incidents read from the index per step at most: each step doubles up to it. */
    private static final int MAX_STEP = 1024;
    /** Work of an incident the scan reads: its feature built and tested, in the units of {@link #work}. */
    static final long READ_WORK = 4;
    private static final List<Property> SCHEMA = List.of(Property.string("id", "编号"), Property.string("source", "来源"),
            Property.string("externalId", "来源编号"), Property.string("category", "类别"), Property.integer("severity", "等级"),
            Property.string("status", "状态"), Property.string("title", "标题"), Property.string("gridCode", "网格"),
            Property.string("countyCode", "县区"), Property.timestamp("reportedAt", "发生时间"),
            Property.timestamp("receivedAt", "接报时间"), Property.integer("rating", "评价"));

    private final IncidentIndex index;

    IncidentLayer(IncidentIndex index, Envelope extent) {
        super("incidents", "事件", "网格上报、平安码与110警情：类别、等级、状态、发生时间与所在网格。", GeometryKind.POINT, SCHEMA,
                extent, "reportedAt");
        this.index = index;
    }

    @Override
    public boolean live() {
        return true;
    }

    /** The earliest and the latest report time held (the live index's span), or open when there is none. */
    @Override
    public Optional<Instant[]> temporalExtent() {
        Instant[] span = index.span();
        return Optional.of(span == null ? new Instant[2] : span);
    }

    @Override
    public Optional<Feature> get(String id, Scope scope) {
        long n;
        try {
            n = Long.parseLong(id);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return index.get(n).filter(i -> scope.includes(i.gridCode())).map(IncidentLayer::feature);
    }

    /** @throws BadQueryException when {@code after} is not a cursor of this layer */
    @Override
    public void scan(FeatureQuery q, Sink sink) {
        IncidentQuery.Cursor cursor;
        try {
            cursor = q.after() == null ? null : IncidentQuery.Cursor.decode(q.after());
        } catch (IllegalArgumentException e) {
            throw new BadQueryException("cursor", "not a cursor of the incidents: " + e.getMessage());
        }
        int first = Math.max(MIN_STEP, Math.min(FIRST_STEP, sink.expected()));
        for (int step = first; true; step = Math.min(MAX_STEP, 2 * step)) {
            IncidentIndex.Page page = index.query(indexQuery(q, q.searchEnvelope(), cursor, step));
            for (Incident i : page.items()) {
                Feature f = feature(i);
                if (q.test(f) && !sink.accept(f)) {
                    return;
                }
            }
            if (page.next() == null) {
                return;
            }
            cursor = page.next();
        }
    }

    /**
     * The index's bound of the incidents the query reads ({@link IncidentIndex#work}), each built
     * and tested by the scan and read again by a count.
     */
    @Override
    public long work(FeatureQuery q, long cap) {
        long read = index.work(indexQuery(q, q.searchEnvelope(), null, 1), cap / (READ_WORK + 1) + 1);
        return read > Long.MAX_VALUE / (READ_WORK + 1) ? Long.MAX_VALUE : read * (READ_WORK + 1);
    }

    @Override
    public String cursor(Feature f) {
        return new IncidentQuery.Cursor(f.start().toEpochMilli(), Long.parseLong(f.id())).encode();
    }

    @Override
    public long count(FeatureQuery q) {
        if (q.filter() != null) {
            return super.count(q);
        }
        return index.count(indexQuery(q, q.bbox(), null, 1));
    }

    /** The index's question for {@code q}: its scope, {@code box} and time (the index's upper bound is exclusive, the query's inclusive). */
    private static IncidentQuery indexQuery(FeatureQuery q, Envelope box, IncidentQuery.Cursor cursor, int limit) {
        Instant to = q.to() == null ? null : q.to().plusMillis(1);
        return new IncidentQuery(q.scope(), box, null, null, q.from(), to, null, null, null, cursor, limit);
    }

    static Feature feature(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", Long.toString(i.id()));
        m.put("source", i.source().id());
        m.put("externalId", i.externalId());
        m.put("category", i.category().id());
        m.put("severity", i.severity());
        m.put("status", i.status().id());
        m.put("title", i.title());
        m.put("gridCode", i.gridCode());
        m.put("countyCode", i.gridCode().substring(0, 6));
        m.put("reportedAt", i.reportedAt());
        m.put("receivedAt", i.receivedAt());
        m.put("rating", i.rating());
        return Feature.at(Long.toString(i.id()), Geo.point(i.lon(), i.lat()), m, i.reportedAt());
    }
}
