package org.gridwatch.report;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One figure of a daily report as it is kept and shown: a count, a share, a duration, a change
 * against an earlier day, a text, or a figure not available ("—", with the reason). Each value
 * knows its display text ({@link #text()}, Chinese where it has words) and, for charts and
 * spreadsheets, its number ({@link #number()}). Immutable.
 */
public sealed interface Value {
    /** What a figure not available shows. */
    String DASH = "—";

    /** The display text. */
    String text();

    /** The value as a number (a count, a share 0–1, minutes, a relative change), or null when it has none. */
    Double number();

    /** The value as JSON: {@code {"t": kind, ...}}. */
    JsonObject toJson();

    /** The value of {@link #toJson()}. @throws IllegalArgumentException for an unknown kind */
    static Value fromJson(JsonObject o) {
        String t = o.getString("t");
        return switch (t == null ? "" : t) {
            case "count" -> new Count(o.getLong("n"));
            case "ratio" -> new Ratio(o.getInteger("part"), o.getInteger("whole"));
            case "seconds" -> new Seconds(o.getDouble("s"));
            case "change" -> new Change(o.getLong("current"), o.getLong("previous"));
            case "text" -> new Text(o.getString("s"));
            case "missing" -> new Missing(o.getString("reason"));
            default -> throw new IllegalArgumentException("unknown report value kind '" + t + "'");
        };
    }

    /** A count. */
    record Count(long n) implements Value {
        @Override
        public String text() {
            return Long.toString(n);
        }

        @Override
        public Double number() {
            return (double) n;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("t", "count").put("n", n);
        }
    }

    /**
     * A share {@code part / whole}, shown as a percentage with one decimal; "—" without a whole.
     *
     * @param part  how many of the whole, 0 … whole
     * @param whole how many in all, ≥ 0
     */
    record Ratio(int part, int whole) implements Value {
        public Ratio {
            if (whole < 0 || part < 0 || part > whole) {
                throw new IllegalArgumentException("a share needs 0 ≤ part ≤ whole: " + part + "/" + whole);
            }
        }

        @Override
        public String text() {
            return whole == 0 ? DASH : percent((double) part / whole);
        }

        @Override
        public Double number() {
            return whole == 0 ? null : (double) part / whole;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("t", "ratio").put("part", part).put("whole", whole);
        }
    }

    /** A duration in seconds (≥ 0), shown as minutes and seconds ({@code 3分05秒}); its number is minutes. */
    record Seconds(double s) implements Value {
        public Seconds {
            if (!(s >= 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("a duration needs finite seconds ≥ 0: " + s);
            }
        }

        @Override
        public String text() {
            long total = Math.round(s);
            return total < 60 ? total + "秒" : String.format(Locale.ROOT, "%d分%02d秒", total / 60, total % 60);
        }

        @Override
        public Double number() {
            return s / 60;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("t", "seconds").put("s", s);
        }
    }

    /**
     * The change of a count against an earlier day's (环比 against the day before, 同比 against the
     * same weekday a week before): {@code (current − previous) / previous}, shown signed with one
     * decimal ({@code +12.5%}); 新增 when the earlier count is 0 and this one is not, "—" when both
     * are 0 (no base to compare with).
     */
    record Change(long current, long previous) implements Value {
        /** What a count rising from zero shows. */
        public static final String NEW = "新增";

        public Change {
            if (current < 0 || previous < 0) {
                throw new IllegalArgumentException("counts are ≥ 0: " + current + ", " + previous);
            }
        }

        @Override
        public String text() {
            if (previous == 0) {
                return current == 0 ? DASH : NEW;
            }
            double r = (double) (current - previous) / previous;
            return (r > 0 ? "+" : "") + percent(r);
        }

        /** The relative change, or null when the earlier count is 0. */
        @Override
        public Double number() {
            return previous == 0 ? null : (double) (current - previous) / previous;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("t", "change").put("current", current).put("previous", previous);
        }
    }

    /** A text, shown as it is. */
    record Text(String s) implements Value {
        public Text {
            Objects.requireNonNull(s, "s");
        }

        @Override
        public String text() {
            return s;
        }

        @Override
        public Double number() {
            return null;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("t", "text").put("s", s);
        }
    }

    /** A figure not available, shown as "—"; {@code reason} says why (in Chinese, for a footnote). */
    record Missing(String reason) implements Value {
        public Missing {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String text() {
            return DASH;
        }

        @Override
        public Double number() {
            return null;
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject().put("t", "missing").put("reason", reason);
        }
    }

    /** {@code 0.125} → {@code 12.5%}. */
    static String percent(double r) {
        return String.format(Locale.ROOT, "%.1f%%", r * 100);
    }
}
