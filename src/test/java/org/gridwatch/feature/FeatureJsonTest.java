package org.gridwatch.feature;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.gridwatch.geo.Geo;
import org.gridwatch.geo.GeoJson;
import org.gridwatch.geo.JsonText;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/** {@link FeatureJson}: a feature written as text is the GeoJSON Feature of its id, geometry and properties, in schema order. */
class FeatureJsonTest {
    private static Geometry wkt(String text) {
        try {
            return new WKTReader(Geo.FACTORY).read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Feature grid() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("code", "371602001001001");
        p.put("name", "春晖社区第1网格");
        p.put("population", 1183);
        p.put("households", 475L);
        p.put("areaSqm", 280843.65);
        p.put("gridWorker", null);
        p.put("covered", true);
        p.put("lastVisit", Instant.parse("2026-12-02T19:09:31.055Z"));
        p.put("day", LocalDate.of(2026, 12, 2));
        p.put("note", "引号\"与\\反斜杠\n换行");
        p.put("ratio", Double.NaN);
        return Feature.of("371602001001001", wkt("POLYGON ((117.9719211 37.498801, 117.9771763 37.4966808,"
                + " 117.9790483 37.4959255, 117.9719211 37.498801))"), p);
    }

    @Test
    void writesTheGeoJsonFeatureOfTheFeature() {
        Feature f = grid();
        String text = FeatureJson.append(new JsonText(16), f, UnaryOperator.identity(), null).toString();
        JsonObject expected = new JsonObject().put("type", "Feature").put("id", "371602001001001")
                .put("geometry", GeoJson.write(f.geometry()))
                .put("properties", new JsonObject().put("code", "371602001001001").put("name", "春晖社区第1网格")
                        .put("population", 1183).put("households", 475).put("areaSqm", 280843.65).putNull("gridWorker")
                        .put("covered", true).put("lastVisit", "2026-12-02T19:09:31.055Z").put("day", "2026-12-02")
                        .put("note", "引号\"与\\反斜杠\n换行").putNull("ratio"));
        assertThat(new JsonObject(text)).isEqualTo(expected);
        // properties in schema order, as the layer gave them
        assertThat(List.copyOf(new JsonObject(text).getJsonObject("properties").fieldNames()))
                .containsExactlyElementsOf(f.properties().keySet());
    }

    @Test
    void geometryGoesThroughTheCrsAndMembersFollowTheProperties() {
        Feature f = Feature.at("7", Geo.point(117.5, 37.25), Map.of("id", "7"), Instant.EPOCH);
        UnaryOperator<Geometry> swap = g -> Geo.point(g.getCoordinate().y, g.getCoordinate().x);
        JsonObject o = new JsonObject(FeatureJson.append(new JsonText(16), f, swap, "\"links\":[{\"rel\":\"self\"}]").toString());
        assertThat(o.getJsonObject("geometry").getJsonArray("coordinates")).isEqualTo(new JsonArray().add(37.25).add(117.5));
        assertThat(o.getJsonArray("links").getJsonObject(0).getString("rel")).isEqualTo("self");
    }
}
