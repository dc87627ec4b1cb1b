package org.gridwatch.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import org.gridwatch.feature.FeatureLayer;
import org.gridwatch.feature.Property;

/**
 * The HTML of {@code /ogcapi} for a person with a browser: the same content as the JSON, in
 * Chinese, self-contained (no script, no external style), every value escaped. Stateless.
 */
final class OgcHtml {
    private static final String STYLE = "body{font-family:'Microsoft YaHei','PingFang SC','Noto Sans CJK SC',sans-serif;"
            + "margin:2em;background:#f7f9fc;color:#17202a}h1{font-size:1.4em}table{border-collapse:collapse;background:#fff}"
            + "td,th{border:1px solid #ccd5e0;padding:.3em .6em;text-align:left;font-size:.9em}th{background:#e8eef6}"
            + "a{color:#1a5fb4}.muted{color:#667}";

    private OgcHtml() {
    }

    static void landing(RoutingContext ctx, JsonObject o) {
        send(ctx, o.getString("title"), "<p>" + esc(o.getString("description")) + "</p>" + links(o.getJsonArray("links")));
    }

    static void conformance(RoutingContext ctx, JsonObject o) {
        StringBuilder sb = new StringBuilder("<ul>");
        for (Object c : o.getJsonArray("conformsTo")) {
            sb.append("<li>").append(esc(String.valueOf(c))).append("</li>");
        }
        send(ctx, "符合性声明", sb.append("</ul>").toString());
    }

    static void api(RoutingContext ctx, JsonObject doc) {
        StringBuilder sb = new StringBuilder("<p>OpenAPI 3.0 定义：<a href=\"?f=json\">JSON</a></p><table><tr><th>路径</th><th>说明</th></tr>");
        for (Map.Entry<String, Object> e : doc.getJsonObject("paths")) {
            JsonObject get = ((JsonObject) e.getValue()).getJsonObject("get");
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
                    .append(esc(get == null ? "" : get.getString("summary", ""))).append("</td></tr>");
        }
        send(ctx, "API 文档", sb.append("</table>").toString());
    }

    static void collections(RoutingContext ctx, JsonObject o) {
        StringBuilder sb = new StringBuilder("<table><tr><th>图层</th><th>编号</th><th>说明</th></tr>");
        for (Object x : o.getJsonArray("collections")) {
            JsonObject c = (JsonObject) x;
            sb.append("<tr><td><a href=\"collections/").append(esc(c.getString("id"))).append("?f=html\">")
                    .append(esc(c.getString("title"))).append("</a></td><td>").append(esc(c.getString("id")))
                    .append("</td><td>").append(esc(c.getString("description"))).append("</td></tr>");
        }
        send(ctx, "图层集合", sb.append("</table>").toString());
    }

    static void collection(RoutingContext ctx, JsonObject c) {
        JsonArray bbox = c.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
        send(ctx, c.getString("title"), "<p>" + esc(c.getString("description")) + "</p><p class=\"muted\">范围（CRS84）："
                + esc(bbox.encode()) + "</p>" + links(c.getJsonArray("links")));
    }

    static void queryables(RoutingContext ctx, FeatureLayer l, JsonObject o) {
        StringBuilder sb = new StringBuilder("<table><tr><th>属性</th><th>名称</th><th>类型</th></tr>");
        for (Map.Entry<String, Object> e : o.getJsonObject("properties")) {
            JsonObject p = (JsonObject) e.getValue();
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(p.getString("title")))
                    .append("</td><td>").append(esc(p.getString("type", p.getString("format")))).append("</td></tr>");
        }
        send(ctx, l.title() + " · 可查询属性", sb.append("</table>").toString());
    }

    static void items(RoutingContext ctx, FeatureLayer l, JsonObject fc) {
        StringBuilder sb = new StringBuilder("<p class=\"muted\">本页 ").append(fc.getInteger("numberReturned")).append(" 个");
        if (fc.containsKey("numberMatched")) {
            sb.append("，共 ").append(fc.getLong("numberMatched")).append(" 个");
        }
        sb.append("</p><table><tr><th>编号</th>");
        for (Property p : l.properties()) {
            sb.append("<th>").append(esc(p.title())).append("</th>");
        }
        sb.append("</tr>");
        for (Object x : fc.getJsonArray("features")) {
            JsonObject f = (JsonObject) x;
            sb.append("<tr><td><a href=\"items/").append(esc(urlPart(f.getString("id")))).append("?f=html\">")
                    .append(esc(f.getString("id"))).append("</a></td>");
            JsonObject props = f.getJsonObject("properties");
            for (Property p : l.properties()) {
                Object v = props.getValue(p.name());
                sb.append("<td>").append(v == null ? "" : esc(String.valueOf(v))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
        send(ctx, l.title(), sb + links(fc.getJsonArray("links")));
    }

    static void item(RoutingContext ctx, FeatureLayer l, JsonObject f) {
        StringBuilder sb = new StringBuilder("<table>");
        JsonObject props = f.getJsonObject("properties");
        for (Property p : l.properties()) {
            Object v = props.getValue(p.name());
            sb.append("<tr><th>").append(esc(p.title())).append("</th><td>").append(v == null ? "" : esc(String.valueOf(v)))
                    .append("</td></tr>");
        }
        sb.append("<tr><th>几何</th><td><code>").append(esc(clip(f.getJsonObject("geometry").encode()))).append("</code></td></tr>");
        send(ctx, l.title() + " · " + f.getString("id"), sb.append("</table>").toString() + links(f.getJsonArray("links")));
    }

    private static String links(JsonArray links) {
        StringBuilder sb = new StringBuilder("<h2>链接</h2><ul>");
        for (Object x : links) {
            JsonObject l = (JsonObject) x;
            sb.append("<li><a href=\"").append(esc(l.getString("href"))).append("\">").append(esc(l.getString("title")))
                    .append("</a> <span class=\"muted\">").append(esc(l.getString("rel"))).append(" · ")
                    .append(esc(l.getString("type"))).append("</span></li>");
        }
        return sb.append("</ul>").toString();
    }

    private static void send(RoutingContext ctx, String title, String body) {
        String page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + esc(title)
                + " · GridWatch</title><style>" + STYLE + "</style></head><body><p class=\"muted\"><a href=\""
                + esc(OgcRoutes.base(ctx)) + "?f=html\">GridWatch OGC API</a></p><h1>" + esc(title) + "</h1>" + body
                + "</body></html>";
        ctx.response().setStatusCode(200).putHeader("Content-Type", "text/html; charset=utf-8").end(page);
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    private static String urlPart(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
