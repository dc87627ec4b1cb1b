package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.FeatureLayers;

/**
 * The OpenAPI 3.0 definition of {@code /ogcapi} (Part 1 /req/oas30): every path, with one items
 * and one feature path per collection so a client sees each collection's parameters, and the
 * parameters {@link OgcRoutes} accepts, with their schemas. Stateless.
 */
final class OgcApiDocument {
    private OgcApiDocument() {
    }

    static JsonObject build(FeatureLayers layers, String base) {
        JsonObject paths = new JsonObject()
                .put("/", get("landing", "服务首页（landing page）", "application/json", ref("f")))
                .put("/conformance", get("conformance", "符合性声明", "application/json", ref("f")))
                .put("/api", get("api", "本 API 定义", OgcRoutes.OPENAPI, ref("f")))
                .put("/collections", get("collections", "图层集合", "application/json", ref("f")));
        for (FeatureLayer l : layers.all()) {
            String p = "/collections/" + l.id();
            paths.put(p, get("collection-" + l.id(), l.title() + "：图层描述", "application/json", ref("f")));
            paths.put(p + "/queryables", get("queryables-" + l.id(), l.title() + "：可查询属性", "application/schema+json",
                    ref("f")));
            paths.put(p + "/items", get("items-" + l.id(), l.title() + "：要素", OgcRoutes.GEOJSON, ref("limit"), ref("bbox"),
                    ref("bbox-crs"), ref("datetime"), ref("crs"), ref("cursor"), ref("filter"), ref("filter-lang"),
                    ref("filter-crs"), ref("f")));
            paths.put(p + "/items/{featureId}", get("item-" + l.id(), l.title() + "：单个要素", OgcRoutes.GEOJSON,
                    ref("featureId"), ref("crs"), ref("f")));
        }
        JsonArray crsEnum = new JsonArray();
        OgcCrs.uris().forEach(crsEnum::add);
        JsonObject params = new JsonObject()
                .put("f", param("f", "query", "输出格式", new JsonObject().put("type", "string")
                        .put("enum", new JsonArray().add("json").add("html"))))
                .put("limit", param("limit", "query", "每页要素数（超过上限按上限返回）", new JsonObject().put("type", "integer")
                        .put("minimum", 1).put("maximum", OgcRoutes.MAX_LIMIT).put("default", OgcRoutes.DEFAULT_LIMIT)))
                .put("bbox", param("bbox", "query", "范围：minx,miny,maxx,maxy（默认 CRS84）", new JsonObject()
                        .put("type", "array").put("minItems", 4).put("maxItems", 6)
                        .put("items", new JsonObject().put("type", "number"))).put("style", "form").put("explode", false))
                .put("bbox-crs", param("bbox-crs", "query", "bbox 的坐标系", new JsonObject().put("type", "string")
                        .put("format", "uri").put("enum", crsEnum)))
                .put("crs", param("crs", "query", "输出坐标系", new JsonObject().put("type", "string").put("format", "uri")
                        .put("enum", crsEnum)))
                .put("datetime", param("datetime", "query", "时间或时间区间（RFC 3339，'..' 为开放端）",
                        new JsonObject().put("type", "string")))
                .put("cursor", param("cursor", "query", "分页位置（取自 next 链接）", new JsonObject().put("type", "string")))
                .put("filter", param("filter", "query", "CQL2 过滤条件", new JsonObject().put("type", "string")))
                .put("filter-lang", param("filter-lang", "query", "过滤语言", new JsonObject().put("type", "string")
                        .put("enum", new JsonArray().add("cql2-text").add("cql2-json")).put("default", "cql2-text")))
                .put("filter-crs", param("filter-crs", "query", "过滤条件中几何的坐标系", new JsonObject()
                        .put("type", "string").put("format", "uri").put("enum", crsEnum)))
                .put("featureId", param("featureId", "path", "要素编号", new JsonObject().put("type", "string"))
                        .put("required", true));
        return new JsonObject().put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", "GridWatch OGC API – Features").put("version", "1.0.0")
                        .put("description", "滨州市城市网格态势的 OGC API – Features（第1、2、3部分）。需认证：Authorization: Bearer <令牌或 API 密钥>。"))
                .put("servers", new JsonArray().add(new JsonObject().put("url", base)))
                .put("paths", paths)
                .put("components", new JsonObject().put("parameters", params)
                        .put("securitySchemes", new JsonObject().put("bearer", new JsonObject().put("type", "http")
                                .put("scheme", "bearer"))))
                .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
    }

    private static JsonObject get(String id, String summary, String type, JsonObject... params) {
        JsonArray ps = new JsonArray();
        for (JsonObject p : params) {
            ps.add(p);
        }
        JsonObject content = new JsonObject().put(type, new JsonObject().put("schema", new JsonObject().put("type", "object")))
                .put("text/html", new JsonObject().put("schema", new JsonObject().put("type", "string")));
        JsonObject problem = new JsonObject().put("application/problem+json", new JsonObject().put("schema",
                new JsonObject().put("type", "object")));
        return new JsonObject().put("get", new JsonObject().put("operationId", id).put("summary", summary)
                .put("parameters", ps)
                .put("responses", new JsonObject()
                        .put("200", new JsonObject().put("description", summary).put("content", content))
                        .put("400", new JsonObject().put("description", "参数错误").put("content", problem))
                        .put("401", new JsonObject().put("description", "未认证").put("content", problem))
                        .put("403", new JsonObject().put("description", "无权限").put("content", problem))
                        .put("404", new JsonObject().put("description", "不存在").put("content", problem))));
    }

    private static JsonObject ref(String name) {
        return new JsonObject().put("$ref", "#/components/parameters/" + name);
    }

    private static JsonObject param(String name, String in, String description, JsonObject schema) {
        return new JsonObject().put("name", name).put("in", in).put("description", description).put("required", false)
                .put("schema", schema);
    }
}
