package org.gridwatch.imports;

import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.gridwatch.post.ClockWindow;

/**
 * Reading feature attributes as GIS files hold them: names in any case, with or without
 * {@code _}; codes stored as numbers; numbers, booleans and time windows stored as text. Every
 * reader returns null (or the documented default) for a missing value and throws
 * {@link IllegalArgumentException} naming the value it cannot read. Stateless; thread-safe.
 */
final class Attributes {
    private Attributes() {
    }

    /**
     * The attributes under their canonical names: for each entry of {@code aliases} (canonical
     * name → accepted names, lower case without {@code _}, in order of preference) the first
     * non-null value found. Other attributes are dropped.
     */
    static Map<String, Object> normalise(Map<String, Object> props, Map<String, List<String>> aliases) {
        Map<String, Object> byKey = new HashMap<>();
        props.forEach((k, v) -> byKey.putIfAbsent(k.toLowerCase(Locale.ROOT).replace("_", ""), v));
        Map<String, Object> out = new HashMap<>();
        aliases.forEach((canonical, names) -> {
            for (String n : names) {
                if (byKey.get(n) != null) {
                    out.put(canonical, byKey.get(n));
                    break;
                }
            }
        });
        return out;
    }

    /** A code as text: numbers (GIS tools often store codes as integers or reals) without decimals. */
    static String codeText(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e17 ? String.valueOf(n.longValue()) : String.valueOf(n);
        }
        return text(v);
    }

    /** Trimmed text; null when missing or blank. */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    /** A whole number: a stored number truncated, a text one rounded; 0 when missing. */
    static long number(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        Double d = decimal(v);
        return d == null ? 0 : Math.round(d);
    }

    /** A finite number; null when missing. */
    static Double decimal(Object v) {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        String s = text(v);
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("\"" + s + "\" is not a number");
    }

    /** True for {@code true}, a non-zero number or the text "true" (any case); false otherwise. */
    static boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.intValue() != 0;
        }
        return v != null && String.valueOf(v).trim().equalsIgnoreCase("true");
    }

    /**
     * Daily time windows: text in the form of {@link ClockWindow} ({@code "07:10-07:50,11:20-11:50"}),
     * or a JSON array of {@code {"start": "07:10", "end": "07:50"}} objects as the city data
     * directory writes them; null when missing.
     *
     * @throws IllegalArgumentException naming the value when a window cannot be read or
     *                                  {@code make} refuses it
     */
    static <T extends ClockWindow> List<T> windows(Object v, BiFunction<LocalTime, LocalTime, T> make) {
        if (v == null) {
            return null;
        }
        if (v instanceof Iterable<?> items) {
            StringBuilder text = new StringBuilder();
            for (Object item : items) {
                Object start = field(item, "start");
                Object end = field(item, "end");
                if (start == null || end == null) {
                    throw new IllegalArgumentException("time window " + item + " has no start or end");
                }
                text.append(text.isEmpty() ? "" : ",").append(start).append('-').append(end);
            }
            return ClockWindow.parse(text.toString(), make);
        }
        return ClockWindow.parse(String.valueOf(v), make);
    }

    private static Object field(Object item, String key) {
        if (item instanceof io.vertx.core.json.JsonObject o) {
            return o.getValue(key);
        }
        return item instanceof Map<?, ?> m ? m.get(key) : null;
    }
}
