package org.gridwatch.report;

import java.util.List;
import java.util.Locale;
import org.gridwatch.report.Section.Chart;
import org.gridwatch.report.Section.Figure;
import org.gridwatch.report.Section.Row;
import org.gridwatch.report.Section.Table;

/**
 * A daily report as one printable HTML page (Chinese): self-contained (inline CSS, charts as
 * inline SVG drawn here, no script, nothing loaded from anywhere), laid out for A4 when printed
 * ({@code @page}, sections kept whole where they fit). A figure not available shows "—" with
 * its reason as a tooltip and in the section's notes. Stateless; thread-safe.
 */
public final class HtmlReport {
    private static final String CSS = """
            *{box-sizing:border-box}
            body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;
              color:#1d2633;margin:0 auto;max-width:190mm;padding:12mm 0;font-size:10.5pt;line-height:1.5}
            header{border-bottom:3px solid #b3282d;margin-bottom:6mm;padding-bottom:3mm}
            h1{font-size:20pt;margin:0;color:#b3282d;letter-spacing:2px}
            .meta{color:#5a6577;margin:1mm 0 0}
            h2{font-size:13pt;border-left:5px solid #2f6fdf;padding-left:3mm;margin:6mm 0 3mm}
            section{break-inside:avoid-page}
            .figures{display:grid;grid-template-columns:repeat(5,1fr);gap:2mm;margin:0 0 3mm}
            .figure{border:1px solid #d5dbe5;border-radius:2mm;padding:2mm 3mm}
            .figure .label{display:block;color:#5a6577;font-size:9pt}
            .figure .value{display:block;font-size:14pt;font-weight:600}
            table{border-collapse:collapse;width:100%;margin:0 0 3mm;font-size:9.5pt}
            caption{text-align:left;font-weight:600;margin-bottom:1mm}
            th,td{border:1px solid #c9d1dd;padding:1mm 2mm;text-align:right}
            th{background:#eef2f8}
            th:first-child,td:first-child{text-align:left}
            tr.total td{font-weight:600;background:#f7f9fc}
            .missing{color:#8a94a6}
            figure.chart{margin:0 0 3mm}
            figure.chart figcaption{font-weight:600;font-size:9.5pt}
            svg{width:100%;height:auto}
            ul.notes{color:#5a6577;font-size:8.5pt;margin:0;padding-left:5mm}
            footer{margin-top:8mm;color:#8a94a6;font-size:8pt;border-top:1px solid #d5dbe5;padding-top:2mm}
            @page{size:A4;margin:12mm}
            @media print{body{padding:0;max-width:none}.figure{border-color:#999}}
            """;

    private HtmlReport() {
    }

    /** The page. */
    public static String render(DailyReport r) {
        StringBuilder b = new StringBuilder(32 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(r.title())).append(' ').append(r.date()).append("</title><style>")
                .append(CSS).append("</style></head><body>\n<header><h1>").append(esc(r.title())).append("</h1>")
                .append("<p class=\"meta\">").append(esc(r.dateText())).append(" · 生成于 ").append(esc(r.generatedText()))
                .append("（").append(esc(r.zone().getId())).append("）· ").append(esc(r.generatedBy())).append("</p></header>\n");
        for (Section s : r.sections()) {
            section(b, s);
        }
        b.append("<footer>GridWatch 网格化社会治理指挥平台 · ").append(esc(r.areaName())).append("（").append(esc(r.areaCode()))
                .append("）· 打印：Ctrl+P</footer>\n</body></html>\n");
        return b.toString();
    }

    private static void section(StringBuilder b, Section s) {
        b.append("<section id=\"").append(esc(s.key())).append("\"><h2>").append(esc(s.title())).append("</h2>\n");
        if (!s.figures().isEmpty()) {
            b.append("<div class=\"figures\">");
            for (Figure f : s.figures()) {
                b.append("<div class=\"figure\"><span class=\"label\">").append(esc(f.label())).append("</span>")
                        .append(value("span", "value", f.value())).append("</div>");
            }
            b.append("</div>\n");
        }
        for (Table t : s.tables()) {
            table(b, t);
        }
        for (Chart c : s.charts()) {
            b.append("<figure class=\"chart\">").append(svg(c)).append("<figcaption>").append(esc(c.title()))
                    .append("</figcaption></figure>\n");
        }
        if (!s.notes().isEmpty()) {
            b.append("<ul class=\"notes\">");
            s.notes().forEach(n -> b.append("<li>").append(esc(n)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    private static void table(StringBuilder b, Table t) {
        b.append("<table><caption>").append(esc(t.title())).append("</caption><thead><tr>");
        t.columns().forEach(c -> b.append("<th>").append(esc(c)).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (Row row : t.rows()) {
            b.append(row.label().equals("合计") ? "<tr class=\"total\">" : "<tr>").append("<td>").append(esc(row.label()))
                    .append("</td>");
            row.values().forEach(v -> b.append(value("td", null, v)));
            b.append("</tr>");
        }
        b.append("</tbody></table>\n");
    }

    private static String value(String tag, String cls, Value v) {
        StringBuilder b = new StringBuilder("<").append(tag);
        String c = v instanceof Value.Missing ? (cls == null ? "missing" : cls + " missing") : cls;
        if (c != null) {
            b.append(" class=\"").append(c).append('"');
        }
        if (v instanceof Value.Missing m) {
            b.append(" title=\"").append(esc(m.reason())).append('"');
        }
        return b.append('>').append(esc(v.text())).append("</").append(tag).append('>').toString();
    }

    /** The chart as inline SVG (680 × 260 user units, scaled to the page's width). */
    static String svg(Chart c) {
        BarChartLayout l = new BarChartLayout(680, 260, 44, 26, 56, c);
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 260\" role=\"img\" aria-label=\"")
                .append(esc(c.title())).append("\" font-size=\"11\" font-family=\"sans-serif\">");
        double max = l.axisMax();
        for (int k = 0; k < BarChartLayout.TICKS; k++) {
            double v = max * k / (BarChartLayout.TICKS - 1);
            double y = l.y(v);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
                    l.left(), y, l.left() + l.plotWidth(), y, k == 0 ? "#5a6577" : "#e3e8f0"));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#5a6577\">%s</text>",
                    l.left() - 4, y + 4, BarChartLayout.tick(v)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"14\" fill=\"#5a6577\">%s</text>", esc(c.unit())));
        List<Section.Series> series = c.series();
        for (int s = 0; s < series.size(); s++) {
            String colour = BarChartLayout.COLOURS[s % BarChartLayout.COLOURS.length];
            double lx = l.left() + 30 + s * 110;
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"6\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"15\">%s</text>", lx, colour, lx + 16, esc(series.get(s).name())));
            for (int g = 0; g < c.labels().size(); g++) {
                Double v = series.get(s).values().get(g);
                if (v == null) {
                    continue;
                }
                double y = l.y(v);
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                        + "<title>%s %s：%s</title></rect>", l.barX(g, s), y, l.barWidth(), l.y(0) - y, colour,
                        esc(c.labels().get(g)), esc(series.get(s).name()), BarChartLayout.tick(v)));
            }
        }
        for (int g = 0; g < c.labels().size(); g++) {
            double x = l.groupCentre(g);
            double y = l.y(0) + 14;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" transform=\"rotate(-30 %.1f %.1f)\">%s</text>",
                    x + 4, y, x + 4, y, esc(c.labels().get(g))));
        }
        return b.append("</svg>").toString();
    }

    /** Text escaped for HTML content and attribute values. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
