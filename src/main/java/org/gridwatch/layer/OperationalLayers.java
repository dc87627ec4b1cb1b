package org.gridwatch.layer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridwatch.alert.Alert;
import org.gridwatch.alert.AlertService;
import org.gridwatch.analysis.HeatIndex;
import org.gridwatch.analysis.NearRepeatMonitor;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.GridIndex;
import org.gridwatch.area.Scope;
import org.gridwatch.feature.Feature;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.GeometryKind;
import org.gridwatch.feature.Property;
import org.gridwatch.geo.Geo;
import org.gridwatch.patrol.Position;
import org.gridwatch.patrol.PositionService;
import org.gridwatch.patrol.UnitRecord;
import org.gridwatch.post.KeyPlaceMonitor;
import org.gridwatch.post.KeyPlaceStatus;
import org.gridwatch.post.PostDutyMonitor;
import org.gridwatch.post.PostStatus;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Point;

/**
 * The live operational layers read from snapshots: units, school posts, key places, alerts, risk
 * zones and heat cells. Each applies the jurisdiction rule of its REST route.
 */
final class OperationalLayers {
    private OperationalLayers() {
    }

    /** Units at their last position; a unit belongs to the scope of its home township (as {@code /api/v1/units}). */
    static FeatureLayer units(PositionService positions, Envelope extent) {
        List<Property> schema = List.of(Property.string("id", "编号"), Property.string("callSign", "呼号"),
                Property.string("kind", "类型"), Property.string("agency", "单位"), Property.string("status", "状态"),
                Property.string("countyCode", "所属县区"), Property.string("townshipCode", "所属乡镇"),
                Property.timestamp("time", "定位时间"), Property.number("speed", "速度(米/秒)"),
                Property.number("heading", "方向(度)"), Property.number("accuracy", "精度(米)"),
                Property.number("battery", "电量(%)"));
        return new SnapshotLayer<UnitRecord>("units", "巡防力量", "巡防力量（警车、步巡、保安、网格员）的实时位置与状态。",
                GeometryKind.POINT, schema, extent, "time") {
            @Override
            List<UnitRecord> snapshot(Scope scope) {
                return positions.units();
            }

            @Override
            boolean visible(Scope scope, UnitRecord u) {
                return scope.includes(u.unit().homeTownshipCode());
            }

            @Override
            Feature feature(UnitRecord u) {
                Position p = u.lastPosition();
                if (p == null) {
                    return null;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", u.id());
                m.put("callSign", u.unit().callSign());
                m.put("kind", u.unit().kind().id());
                m.put("agency", u.unit().agency());
                m.put("status", u.status().id());
                m.put("countyCode", u.unit().homeCountyCode());
                m.put("townshipCode", u.unit().homeTownshipCode());
                m.put("time", p.time());
                m.put("speed", finite(p.speed()));
                m.put("heading", finite(p.heading()));
                m.put("accuracy", finite(p.accuracy()));
                m.put("battery", p.telemetry() == null ? null : finite(p.telemetry().battery()));
                return Feature.at(u.id(), Geo.point(p.lon(), p.lat()), m, p.time());
            }
        };
    }

    /** School-guard posts (护学岗) with today's duty state; in the scope of their grid. */
    static FeatureLayer posts(PostDutyMonitor posts, Envelope extent) {
        List<Property> schema = List.of(Property.string("id", "编号"), Property.string("name", "名称"),
                Property.string("countyCode", "县区"), Property.string("gridCode", "网格"), Property.string("state", "到岗状态"),
                Property.integer("present", "在岗人数"), Property.integer("required", "应到人数"),
                Property.timestamp("windowStart", "时段开始"), Property.timestamp("windowEnd", "时段结束"),
                Property.bool("late", "迟到"), Property.bool("alerted", "已告警"));
        return new SnapshotLayer<PostStatus>("posts", "护学岗", "全市护学岗（校门）及当日到岗状态。", GeometryKind.POINT, schema,
                extent) {
            @Override
            List<PostStatus> snapshot(Scope scope) {
                return posts.statuses();
            }

            @Override
            boolean visible(Scope scope, PostStatus s) {
                return scope.includes(s.gridCode());
            }

            @Override
            Feature feature(PostStatus s) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.postId());
                m.put("name", s.name());
                m.put("countyCode", s.countyCode());
                m.put("gridCode", s.gridCode());
                m.put("state", s.state().id());
                m.put("present", s.present());
                m.put("required", s.required());
                m.put("windowStart", s.windowStart());
                m.put("windowEnd", s.windowEnd());
                m.put("late", s.late());
                m.put("alerted", s.alerted());
                return Feature.of(s.postId(), Geo.point(s.lon(), s.lat()), m);
            }
        };
    }

    /** Key places (重点部位) with their 见警率 state; in the scope of their grid. */
    static FeatureLayer keyPlaces(KeyPlaceMonitor places, Envelope extent) {
        List<Property> schema = List.of(Property.string("id", "编号"), Property.string("name", "名称"),
                Property.string("kind", "类型"), Property.string("countyCode", "县区"), Property.string("gridCode", "网格"),
                Property.integer("intervalMinutes", "巡查间隔(分钟)"), Property.bool("inPeriod", "重点时段内"),
                Property.timestamp("periodStart", "时段开始"), Property.timestamp("periodEnd", "时段结束"),
                Property.timestamp("lastVisit", "最近见警"), Property.timestamp("dueBy", "应巡时间"),
                Property.bool("overdue", "超时未见警"));
        return new SnapshotLayer<KeyPlaceStatus>("key-places", "重点部位", "重点部位及其见警状态（重点时段内按巡查间隔）。",
                GeometryKind.POINT, schema, extent) {
            @Override
            List<KeyPlaceStatus> snapshot(Scope scope) {
                return places.statuses();
            }

            @Override
            boolean visible(Scope scope, KeyPlaceStatus s) {
                return scope.includes(s.gridCode());
            }

            @Override
            Feature feature(KeyPlaceStatus s) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.placeId());
                m.put("name", s.name());
                m.put("kind", s.kind().id());
                m.put("countyCode", s.countyCode());
                m.put("gridCode", s.gridCode());
                m.put("intervalMinutes", s.intervalMinutes());
                m.put("inPeriod", s.inPeriod());
                m.put("periodStart", s.periodStart());
                m.put("periodEnd", s.periodEnd());
                m.put("lastVisit", s.lastVisit());
                m.put("dueBy", s.dueBy());
                m.put("overdue", s.overdue());
                return Feature.of(s.placeId(), Geo.point(s.lon(), s.lat()), m);
            }
        };
    }

    /**
     * Alerts, open and acknowledged, newest {@code limit} kept in memory; visible as in
     * {@code /api/v1/alerts} (an alert without an area concerns everyone). An alert without its own
     * position is placed at its area's interior point (or the city's), and says so in {@code placed}.
     */
    static FeatureLayer alerts(AlertService alerts, AreaHierarchy areas, Envelope extent) {
        List<Property> schema = List.of(Property.string("id", "编号"), Property.string("kind", "类型"),
                Property.string("severity", "级别"), Property.string("title", "标题"), Property.string("detail", "详情"),
                Property.string("areaCode", "区域"), Property.timestamp("raisedAt", "告警时间"),
                Property.timestamp("ackedAt", "确认时间"), Property.string("ackedBy", "确认人"),
                Property.string("placed", "位置来源"));
        return new SnapshotLayer<Alert>("alerts", "告警", "告警（未确认与已确认）。无自身位置的告警放在其区域内点（placed = area）。",
                GeometryKind.POINT, schema, extent, "raisedAt") {
            @Override
            List<Alert> snapshot(Scope scope) {
                return alerts.list(scope, false, null, Integer.MAX_VALUE);
            }

            @Override
            boolean visible(Scope scope, Alert a) {
                return a.areaCode() == null || scope.includes(a.areaCode());
            }

            @Override
            Feature feature(Alert a) {
                Point at;
                String placed;
                if (a.lon() != null && a.lat() != null) {
                    at = Geo.point(a.lon(), a.lat());
                    placed = "fix";
                } else {
                    AdminArea area = a.areaCode() == null ? areas.city() : areas.find(a.areaCode()).orElse(areas.city());
                    at = area.geometry().getInteriorPoint();
                    placed = "area";
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", Long.toString(a.id()));
                m.put("kind", a.kind());
                m.put("severity", a.severity());
                m.put("title", a.title());
                m.put("detail", a.detail());
                m.put("areaCode", a.areaCode());
                m.put("raisedAt", a.raisedAt());
                m.put("ackedAt", a.ackedAt());
                m.put("ackedBy", a.ackedBy());
                m.put("placed", placed);
                return Feature.at(Long.toString(a.id()), at, m, a.raisedAt());
            }
        };
    }

    /** Open near-repeat risk zones (近重复风险区): the incident's point and the radius; in the scope of the grid it lies in. */
    static FeatureLayer riskZones(NearRepeatMonitor nearRepeat, GridIndex grids, Clock clock, Envelope extent) {
        List<Property> schema = List.of(Property.string("incidentId", "触发事件"), Property.string("category", "类别"),
                Property.number("radius", "半径(米)"), Property.integer("earlier", "此前同类"),
                Property.timestamp("until", "有效至"), Property.string("gridCode", "网格"));
        return new SnapshotLayer<NearRepeatMonitor.RiskZone>("risk-zones", "近重复风险区", "近重复（连发）风险区：触发事件的位置与半径、有效期。",
                GeometryKind.POINT, schema, extent) {
            @Override
            List<NearRepeatMonitor.RiskZone> snapshot(Scope scope) {
                return nearRepeat.zones(clock.instant());
            }

            @Override
            boolean visible(Scope scope, NearRepeatMonitor.RiskZone z) {
                AdminArea g = grids.locateGrid(z.lon(), z.lat());
                return g != null && scope.includes(g.code());
            }

            @Override
            Feature feature(NearRepeatMonitor.RiskZone z) {
                AdminArea g = grids.locateGrid(z.lon(), z.lat());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("incidentId", Long.toString(z.incidentId()));
                m.put("category", z.category());
                m.put("radius", z.radiusMetres());
                m.put("earlier", z.earlier());
                m.put("until", z.until());
                m.put("gridCode", g == null ? null : g.code());
                return Feature.of(Long.toString(z.incidentId()), Geo.point(z.lon(), z.lat()), m);
            }
        };
    }

    /**
     * Heat cells: incidents of the last 24 h per H3 cell (resolution {@value HeatIndex#RESOLUTION}),
     * as hexagons; a cell on the jurisdiction's border counts only the incidents inside the scope.
     */
    static FeatureLayer heat(HeatIndex heat, Envelope extent) {
        List<Property> schema = List.of(Property.string("cell", "H3单元"), Property.integer("count", "事件数(24小时)"));
        return new SnapshotLayer<Map.Entry<Long, Integer>>("heat", "热力", "近24小时事件热力：H3 单元（约0.1平方公里）内的事件数。",
                GeometryKind.POLYGON, schema, extent) {
            @Override
            List<Map.Entry<Long, Integer>> snapshot(Scope scope) {
                // Counted per grid of the scope: the scope is applied here, not by visible().
                return new ArrayList<>(heat.cells(HeatIndex.Window.H24, Set.of(), HeatIndex.RESOLUTION, scope).entrySet());
            }

            @Override
            boolean visible(Scope scope, Map.Entry<Long, Integer> e) {
                return true;
            }

            @Override
            Feature feature(Map.Entry<Long, Integer> e) {
                return cell(heat, e.getKey(), e.getValue());
            }
        };
    }

    private static Feature cell(HeatIndex heat, long cell, int count) {
        double[][] ring = heat.boundary(cell);
        Coordinate[] cs = new Coordinate[ring.length];
        for (int i = 0; i < ring.length; i++) {
            cs[i] = new Coordinate(ring[i][0], ring[i][1]);
        }
        String id = Long.toHexString(cell);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", id);
        m.put("count", count);
        return Feature.of(id, Geo.FACTORY.createPolygon(cs), m);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
