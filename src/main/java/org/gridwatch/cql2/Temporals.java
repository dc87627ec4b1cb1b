package org.gridwatch.cql2;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.gridwatch.cql2.Cql2.Operand;

/** Temporal literals and the instants of dates (a date is the whole UTC day). */
final class Temporals {
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

    private Temporals() {
    }

    static Operand.Date date(String text, int position) {
        if (!DATE.matcher(text).matches()) {
            throw new Cql2Exception(position, null, "'" + clip(text) + "' is not a date (YYYY-MM-DD)");
        }
        try {
            return new Operand.Date(LocalDate.parse(text));
        } catch (DateTimeException e) {
            throw new Cql2Exception(position, null, "'" + text + "' is not a valid date: " + e.getMessage());
        }
    }

    static Operand.Timestamp timestamp(String text, int position) {
        if (!TIMESTAMP.matcher(text).matches()) {
            throw new Cql2Exception(position, null,
                    "'" + clip(text) + "' is not a timestamp (YYYY-MM-DDThh:mm:ss[.fraction]Z, in UTC)");
        }
        try {
            return new Operand.Timestamp(Instant.parse(text));
        } catch (DateTimeException e) {
            throw new Cql2Exception(position, null, "'" + text + "' is not a valid timestamp: " + e.getMessage());
        }
    }

    /** An interval end: a date, a timestamp or '..' written as a string; properties and functions as they are. */
    static Operand bound(Operand o, int position) {
        if (o instanceof Operand.Str str) {
            String t = str.value();
            if (t.equals("..")) {
                return new Operand.Open();
            }
            return DATE.matcher(t).matches() ? date(t, position) : timestamp(t, position);
        }
        if (o instanceof Operand.Property || o instanceof Operand.Function || o instanceof Operand.Date
                || o instanceof Operand.Timestamp || o instanceof Operand.Open) {
            return o;
        }
        throw new Cql2Exception(position, null, "an interval end must be a date, a timestamp, '..', a property or a function");
    }

    static Instant dayStart(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static Instant dayEnd(LocalDate d) {
        return d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
    }

    private static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
