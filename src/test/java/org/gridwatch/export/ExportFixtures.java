package org.gridwatch.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * Export fixtures from WKT: one layer per geometry kind (points, polygons with a hole and a
 * multipolygon, lines) with the same properties of every type, Chinese text, nulls, quotes, commas
 * and line breaks in text, and instants (whole seconds: XLSX keeps time as fractions of a day).
 */
final class ExportFixtures {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    static final List<Property> PROPERTIES = List.of(Property.string("name", "名称"), Property.integer("count", "数量"),
            Property.number("score", "得分"), Property.bool("open", "开放"), Property.timestamp("at", "时间"),
            Property.date("day", "日期"), Property.string("note", "备注"));

    private ExportFixtures() {
    }

    /** The point layer: three points, the second with every property null but the name. */
    static ExportSchema pointSchema() {
        return new ExportSchema("key-places", "重点部位", "测试用的点图层", PROPERTIES, GeometryKind.POINT, "name");
    }

    static List<Feature> points() {
        return List.of(
                feature("p1", "POINT (118.0123456 37.3812345)", "滨州市第一中学", 12L, 0.75, true,
                        Instant.parse("2025-05-01T10:00:00Z"), LocalDate.of(2025, 5, 1), "他说：\"到岗\", 然后离开"),
                feature("p2", "POINT (118.5 37.25)", "空值", null, null, null, null, null, null),
                feature("p3", "POINT (117.9 37.5)", "第三行\n换行", -3L, 1234567.125, false,
                        Instant.parse("2025-12-31T16:30:05Z"), LocalDate.of(2026, 1, 1), "a,b;c\r\nd"));
    }

    /** The polygonal layer: a polygon with a hole and a two-part multipolygon. */
    static ExportSchema polygonSchema() {
        return new ExportSchema("grids", "网格", "", PROPERTIES, GeometryKind.POLYGONAL, "name");
    }

    static List<Feature> polygons() {
        return List.of(
                feature("371603001001001", "POLYGON ((120 37, 121 37, 121 38, 120 38, 120 37), "
                        + "(120.4 37.4, 120.4 37.6, 120.6 37.6, 120.6 37.4, 120.4 37.4))", "乙村第1网格", 5L, 2.5, true,
                        Instant.parse("2025-05-01T00:00:00Z"), LocalDate.of(2025, 5, 1), null),
                feature("371603001001002", "MULTIPOLYGON (((118 37, 118.5 37, 118.5 37.5, 118 37, 118 37)), "
                        + "((119 37, 119.5 37, 119.5 37.5, 119 37)))", "群岛网格", 0L, 0.0, false, null, null, "岛，两块"));
    }

    /** The line layer: two tracks. */
    static ExportSchema lineSchema() {
        return new ExportSchema("tracks", "轨迹", "", PROPERTIES, GeometryKind.LINESTRING, null);
    }

    static List<Feature> lines() {
        return List.of(
                feature("t1", "LINESTRING (118 37, 118.1 37.1, 118.2 37.05)", "巡逻一组", 3L, 1.5, true,
                        Instant.parse("2025-05-01T08:00:00Z"), LocalDate.of(2025, 5, 1), "<tag> & 'q'"),
                feature("t2", "LINESTRING (118.3 37.3, 118.4 37.4)", "巡逻二组", 2L, null, null, null, null, "结束"));
    }

    /** Every fixture layer with its features. */
    static Map<ExportSchema, List<Feature>> layers() {
        Map<ExportSchema, List<Feature>> m = new LinkedHashMap<>();
        m.put(pointSchema(), points());
        m.put(polygonSchema(), polygons());
        m.put(lineSchema(), lines());
        return m;
    }

    static Geometry wkt(String text) {
        try {
            return new WKTReader(Geo.FACTORY).read(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Feature feature(String id, String wkt, String name, Long count, Double score, Boolean open,
                                   Instant at, LocalDate day, String note) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("count", count);
        p.put("score", score);
        p.put("open", open);
        p.put("at", at);
        p.put("day", day);
        p.put("note", note);
        return at == null ? Feature.of(id, wkt(wkt), p) : Feature.at(id, wkt(wkt), p, at);
    }

    /** {@code n} synthetic points for size tests (no list is kept). */
    static List<Feature> many(int n) {
        List<Feature> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(feature("s" + i, "POINT (118." + (i % 1000) + " 37." + (i % 997) + ")", "点" + i, (long) i, i / 4.0,
                    i % 2 == 0, Instant.ofEpochSecond(1_746_000_000L + i), null, null));
        }
        return out;
    }
}
