package org.gridwatch.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One section of a daily report: headline figures, tables and charts, and notes (what a figure
 * means, why one is not available). Every renderer shows the same sections in the same order.
 * Immutable.
 *
 * @param key     stable identifier ({@code incidents}, {@code response}, …), for anchors and tests
 * @param title   heading, Chinese
 * @param figures headline figures
 * @param tables  tables
 * @param charts  bar charts (drawn from figures the tables hold too, so a format without charts loses nothing)
 * @param notes   notes under the section, Chinese
 */
public record Section(String key, String title, List<Figure> figures, List<Table> tables, List<Chart> charts,
                      List<String> notes) {
    public Section {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        figures = List.copyOf(figures);
        tables = List.copyOf(tables);
        charts = List.copyOf(charts);
        notes = List.copyOf(notes);
    }

    /** A headline figure: a label and its value. */
    public record Figure(String label, Value value) {
        public Figure {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A table: column headings, then rows of a label and one value per further column.
     *
     * @param title   caption
     * @param columns headings, the first that of the row labels
     * @param rows    rows, each with {@code columns.size() − 1} values
     */
    public record Table(String title, List<String> columns, List<Row> rows) {
        public Table {
            Objects.requireNonNull(title, "title");
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
            for (Row r : rows) {
                if (r.values().size() != columns.size() - 1) {
                    throw new IllegalArgumentException("row '" + r.label() + "' of table '" + title + "' has "
                            + r.values().size() + " values for " + (columns.size() - 1) + " columns");
                }
            }
        }
    }

    /** A table row: its label and values. */
    public record Row(String label, List<Value> values) {
        public Row {
            Objects.requireNonNull(label, "label");
            values = List.copyOf(values);
        }
    }

    /**
     * A bar chart: groups along the axis, one bar per series in each group.
     *
     * @param title  caption
     * @param unit   what the bars measure ({@code 件}, {@code %}), shown on the axis
     * @param labels the groups
     * @param series the series, each with one value per group (null: no bar)
     */
    public record Chart(String title, String unit, List<String> labels, List<Series> series) {
        public Chart {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(unit, "unit");
            labels = List.copyOf(labels);
            series = List.copyOf(series);
            for (Series s : series) {
                if (s.values().size() != labels.size()) {
                    throw new IllegalArgumentException("series '" + s.name() + "' of chart '" + title + "' has "
                            + s.values().size() + " values for " + labels.size() + " groups");
                }
            }
        }

        /** The largest value of any series, 0 when none. */
        public double max() {
            return series.stream().flatMap(s -> s.values().stream()).filter(Objects::nonNull)
                    .mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    /** One series of a chart: a name and a value per group (null: no bar). */
    public record Series(String name, List<Double> values) {
        public Series {
            Objects.requireNonNull(name, "name");
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** This section as JSON. */
    public JsonObject toJson() {
        JsonArray fs = new JsonArray();
        figures.forEach(f -> fs.add(new JsonObject().put("label", f.label()).put("value", f.value().toJson())));
        JsonArray ts = new JsonArray();
        for (Table t : tables) {
            JsonArray rows = new JsonArray();
            for (Row r : t.rows()) {
                JsonArray vs = new JsonArray();
                r.values().forEach(v -> vs.add(v.toJson()));
                rows.add(new JsonObject().put("label", r.label()).put("values", vs));
            }
            ts.add(new JsonObject().put("title", t.title()).put("columns", new JsonArray(t.columns())).put("rows", rows));
        }
        JsonArray cs = new JsonArray();
        for (Chart c : charts) {
            JsonArray ss = new JsonArray();
            c.series().forEach(s -> ss.add(new JsonObject().put("name", s.name()).put("values", new JsonArray(s.values()))));
            cs.add(new JsonObject().put("title", c.title()).put("unit", c.unit()).put("labels", new JsonArray(c.labels()))
                    .put("series", ss));
        }
        return new JsonObject().put("key", key).put("title", title).put("figures", fs).put("tables", ts)
                .put("charts", cs).put("notes", new JsonArray(notes));
    }

    /** The section of {@link #toJson()}. */
    public static Section fromJson(JsonObject o) {
        List<Figure> fs = new ArrayList<>();
        for (Object f : o.getJsonArray("figures")) {
            JsonObject j = (JsonObject) f;
            fs.add(new Figure(j.getString("label"), Value.fromJson(j.getJsonObject("value"))));
        }
        List<Table> ts = new ArrayList<>();
        for (Object t : o.getJsonArray("tables")) {
            JsonObject j = (JsonObject) t;
            List<Row> rows = new ArrayList<>();
            for (Object r : j.getJsonArray("rows")) {
                JsonObject jr = (JsonObject) r;
                List<Value> vs = new ArrayList<>();
                for (Object v : jr.getJsonArray("values")) {
                    vs.add(Value.fromJson((JsonObject) v));
                }
                rows.add(new Row(jr.getString("label"), vs));
            }
            ts.add(new Table(j.getString("title"), strings(j.getJsonArray("columns")), rows));
        }
        List<Chart> cs = new ArrayList<>();
        for (Object c : o.getJsonArray("charts")) {
            JsonObject j = (JsonObject) c;
            List<Series> ss = new ArrayList<>();
            for (Object s : j.getJsonArray("series")) {
                JsonObject js = (JsonObject) s;
                List<Double> vs = new ArrayList<>();
                for (Object v : js.getJsonArray("values")) {
                    vs.add(v == null ? null : ((Number) v).doubleValue());
                }
                ss.add(new Series(js.getString("name"), vs));
            }
            cs.add(new Chart(j.getString("title"), j.getString("unit"), strings(j.getJsonArray("labels")), ss));
        }
        return new Section(o.getString("key"), o.getString("title"), fs, ts, cs, strings(o.getJsonArray("notes")));
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(a.getString(i));
        }
        return out;
    }
}
