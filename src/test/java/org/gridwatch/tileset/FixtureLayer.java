package org.gridwatch.tileset;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureQuery;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.locationtech.jts.geom.Envelope;

/**
 * A layer of fixture areas (each feature's id its code, visible when the scope includes it), with
 * one attribute {@code state} read at scan time, and a count of scans.
 */
final class FixtureLayer implements FeatureLayer {
    final AtomicInteger scans = new AtomicInteger();
    private final String id;
    private final List<AdminArea> areas;
    private final Function<String, String> state;

    FixtureLayer(String id, List<AdminArea> areas, Function<String, String> state) {
        this.id = id;
        this.areas = areas;
        this.state = state;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return id;
    }

    @Override
    public String description() {
        return id;
    }

    @Override
    public GeometryKind geometryKind() {
        return GeometryKind.POLYGONAL;
    }

    @Override
    public List<Property> properties() {
        return List.of(Property.string("code", "代码"), Property.string("state", "状态"));
    }

    @Override
    public Optional<String> temporalProperty() {
        return Optional.empty();
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public Envelope extent() {
        Envelope e = new Envelope();
        areas.forEach(a -> e.expandToInclude(a.geometry().getEnvelopeInternal()));
        return e;
    }

    @Override
    public Optional<Feature> get(String fid, Scope scope) {
        return areas.stream().filter(a -> a.code().equals(fid) && scope.includes(a.code())).findFirst().map(this::feature);
    }

    @Override
    public void scan(FeatureQuery query, Sink sink) {
        scans.incrementAndGet();
        for (AdminArea a : areas) {
            Feature f = feature(a);
            if (query.scope().includes(a.code()) && query.test(f) && !sink.accept(f)) {
                return;
            }
        }
    }

    private Feature feature(AdminArea a) {
        return Feature.of(a.code(), a.geometry(), Map.of("code", a.code(), "state", state.apply(a.code())));
    }
}
