package org.gridwatch.post;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.vocab.Term;

/**
 * The school calendar (校历): which local days are school days for each {@link SchoolKind}. A
 * school-guard post (护学岗) has duty windows only on its school's school days.
 *
 * <h2>Rules, in this order (the first that applies decides)</h2>
 * <ol>
 *   <li>A day outside {@code [from, to]} is not covered: Monday to Friday are school days (reason
 *       {@value #CLASSES} / {@value #WEEKEND}), as before the calendar existed.</li>
 *   <li>A day in a break ({@link Break}: winter 寒假 or summer 暑假) of the school's kind is not a
 *       school day, even when it is a make-up working day (students are on holiday).</li>
 *   <li>A national holiday ({@link Holiday}, e.g. 国庆节) is not a school day.</li>
 *   <li>A make-up working day ({@link Workday}, 调休上班: a Saturday or Sunday that is worked) is a
 *       school day (reason {@value #MAKE_UP}).</li>
 *   <li>Saturday and Sunday are not school days ({@value #WEEKEND}); the other days are
 *       ({@value #CLASSES}).</li>
 * </ol>
 *
 * <h2>File form (JSON, {@link #fromJson}; the shipped default is {@value #DEFAULT_RESOURCE})</h2>
 * <pre>{@code
 * {"name": "2026年校历", "from": "2026-01-01", "to": "2027-02-28",
 *  "holidays": [{"name": "国庆节", "from": "2026-10-01", "to": "2026-10-07"}],
 *  "workdays": [{"date": "2026-10-10", "name": "国庆节调休"}],
 *  "breaks":   [{"kind": "winter", "schools": ["primary", "middle"], "from": "2026-01-24", "to": "2026-02-28"}],
 *  "note": "…"}
 * }</pre>
 * Dates are local days {@code YYYY-MM-DD}, ranges inclusive at both ends. Every date lies in
 * {@code [from, to]}; holidays do not overlap each other, nor do two breaks of one school kind; a
 * make-up working day is a Saturday or Sunday and not a holiday. Errors name the field (e.g.
 * {@code holidays[6].to}) and the date.
 *
 * @param name     what the calendar is, for people (e.g. "2026年国家法定节假日与山东省校历")
 * @param from     first day covered
 * @param to       last day covered (inclusive)
 * @param holidays national holidays (放假), in file order
 * @param workdays make-up working days (调休上班), in file order
 * @param breaks   winter and summer breaks per school kind, in file order
 * @param note     free text (sources, caveats); may be empty
 */
public record SchoolCalendar(String name, LocalDate from, LocalDate to, List<Holiday> holidays, List<Workday> workdays,
                             List<Break> breaks, String note) {
    /** Class-path location of the shipped default (also {@code config/school-calendar.json} in the source tree). */
    public static final String DEFAULT_RESOURCE = "config/school-calendar.json";
    /** Reason of a school day. */
    public static final String CLASSES = "上课";
    /** Reason of a make-up working day that is a school day. */
    public static final String MAKE_UP = "调休上班";
    /** Reason of a Saturday or Sunday. */
    public static final String WEEKEND = "周末";

    /**
     * A national holiday (放假), possibly several days long.
     *
     * @param name  its name, e.g. "国庆节"; the reason shown for its days
     * @param first first day off
     * @param last  last day off (inclusive)
     */
    public record Holiday(String name, LocalDate first, LocalDate last) {
        public Holiday {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
        }
    }

    /**
     * A make-up working day (调休上班): a Saturday or Sunday on which schools and offices work.
     *
     * @param date the day
     * @param name what it makes up for, e.g. "国庆节调休"; may be empty
     */
    public record Workday(LocalDate date, String name) {
        public Workday {
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(name, "name");
        }
    }

    /** The two school breaks, with API identifiers and Chinese labels. */
    public enum BreakKind implements Term {
        /** 寒假. */
        WINTER("winter", "寒假"),
        /** 暑假. */
        SUMMER("summer", "暑假");

        private final String id;
        private final String label;

        BreakKind(String id, String label) {
            this.id = id;
            this.label = label;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String label() {
            return label;
        }
    }

    /**
     * A school break of some school kinds.
     *
     * @param kind    winter or summer; its label is the reason shown
     * @param schools the school kinds on break (never empty)
     * @param first   first day of the break
     * @param last    last day of the break (inclusive)
     */
    public record Break(BreakKind kind, Set<SchoolKind> schools, LocalDate first, LocalDate last) {
        public Break {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            schools = schools.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(schools));
        }
    }

    /**
     * What the calendar says of one day for one school kind.
     *
     * @param schoolDay whether the school has classes (and its post duty windows)
     * @param reason    Chinese label of why: {@value #CLASSES}, {@value #MAKE_UP}, {@value #WEEKEND},
     *                  a holiday's name (e.g. 国庆节), 寒假 or 暑假
     */
    public record Verdict(boolean schoolDay, String reason) {
    }

    /**
     * Checks the calendar (see the class comment).
     *
     * @throws IllegalArgumentException naming the entry (e.g. {@code holidays[6]}) and the date
     */
    public SchoolCalendar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        note = note == null ? "" : note;
        holidays = List.copyOf(holidays);
        workdays = List.copyOf(workdays);
        breaks = List.copyOf(breaks);
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to: " + to + " is before from " + from);
        }
        for (int i = 0; i < holidays.size(); i++) {
            Holiday h = holidays.get(i);
            String where = "holidays[" + i + "]";
            range(where, h.first(), h.last(), from, to);
            if (h.name().isBlank()) {
                throw new IllegalArgumentException(where + ".name: a holiday needs a name (e.g. 国庆节)");
            }
            for (int j = 0; j < i; j++) {
                Holiday o = holidays.get(j);
                if (!h.first().isAfter(o.last()) && !o.first().isAfter(h.last())) {
                    throw new IllegalArgumentException(where + ": " + h.name() + " " + h.first() + "–" + h.last()
                            + " overlaps holidays[" + j + "] " + o.name() + " " + o.first() + "–" + o.last());
                }
            }
        }
        Set<LocalDate> seen = new HashSet<>();
        for (int i = 0; i < workdays.size(); i++) {
            Workday w = workdays.get(i);
            String where = "workdays[" + i + "].date";
            range(where, w.date(), w.date(), from, to);
            if (!weekend(w.date())) {
                throw new IllegalArgumentException(where + ": " + w.date() + " is a " + w.date().getDayOfWeek()
                        + "; a make-up working day (调休上班) is a Saturday or Sunday");
            }
            if (!seen.add(w.date())) {
                throw new IllegalArgumentException(where + ": " + w.date() + " is listed twice");
            }
            for (Holiday h : holidays) {
                if (!w.date().isBefore(h.first()) && !w.date().isAfter(h.last())) {
                    throw new IllegalArgumentException(where + ": " + w.date() + " is also a day of the holiday " + h.name());
                }
            }
        }
        for (int i = 0; i < breaks.size(); i++) {
            Break b = breaks.get(i);
            String where = "breaks[" + i + "]";
            range(where, b.first(), b.last(), from, to);
            if (b.schools().isEmpty()) {
                throw new IllegalArgumentException(where + ".schools: name at least one school kind ("
                        + Term.ids(SchoolKind.class) + ")");
            }
            for (int j = 0; j < i; j++) {
                Break o = breaks.get(j);
                if (!b.first().isAfter(o.last()) && !o.first().isAfter(b.last())
                        && b.schools().stream().anyMatch(o.schools()::contains)) {
                    LocalDate at = b.first().isAfter(o.first()) ? b.first() : o.first();
                    throw new IllegalArgumentException(where + ": " + b.kind().label() + " " + b.first() + "–" + b.last()
                            + " overlaps breaks[" + j + "] " + o.kind().label() + " " + o.first() + "–" + o.last()
                            + " for the same school kind on " + at);
                }
            }
        }
    }

    /** What the calendar says of {@code date} for schools of {@code kind} (see the class comment). Thread-safe. */
    public Verdict verdict(LocalDate date, SchoolKind kind) {
        if (covers(date)) {
            for (Break b : breaks) {
                if (b.schools().contains(kind) && within(date, b.first(), b.last())) {
                    return new Verdict(false, b.kind().label());
                }
            }
            for (Holiday h : holidays) {
                if (within(date, h.first(), h.last())) {
                    return new Verdict(false, h.name());
                }
            }
            for (Workday w : workdays) {
                if (w.date().equals(date)) {
                    return new Verdict(true, MAKE_UP);
                }
            }
        }
        return weekend(date) ? new Verdict(false, WEEKEND) : new Verdict(true, CLASSES);
    }

    /** True when {@code date} is a school day for schools of {@code kind}. Thread-safe. */
    public boolean isSchoolDay(LocalDate date, SchoolKind kind) {
        return verdict(date, kind).schoolDay();
    }

    /** The verdict of {@code date} for every school kind, in kind order. Thread-safe. */
    public Map<SchoolKind, Verdict> verdicts(LocalDate date) {
        Map<SchoolKind, Verdict> out = new EnumMap<>(SchoolKind.class);
        for (SchoolKind k : SchoolKind.values()) {
            out.put(k, verdict(date, k));
        }
        return out;
    }

    /**
     * True when {@code date} is a working day of the national arrangement (工作日, for time limits
     * in working days): a make-up working day (调休上班) is, a holiday is not, otherwise Monday to
     * Friday; school breaks do not count. Outside {@code [from, to]}: Monday to Friday. Thread-safe.
     */
    public boolean isWorkingDay(LocalDate date) {
        if (covers(date)) {
            for (Workday w : workdays) {
                if (w.date().equals(date)) {
                    return true;
                }
            }
            for (Holiday h : holidays) {
                if (within(date, h.first(), h.last())) {
                    return false;
                }
            }
        }
        return !weekend(date);
    }

    /** True when {@code date} lies in {@code [from, to]}. */
    public boolean covers(LocalDate date) {
        return within(date, from, to);
    }

    private static boolean within(LocalDate d, LocalDate first, LocalDate last) {
        return !d.isBefore(first) && !d.isAfter(last);
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    private static void range(String where, LocalDate first, LocalDate last, LocalDate from, LocalDate to) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException(where + ".to: " + last + " is before " + where + ".from " + first);
        }
        if (first.isBefore(from) || last.isAfter(to)) {
            LocalDate outside = first.isBefore(from) ? first : last;
            throw new IllegalArgumentException(where + ": " + outside + " lies outside the calendar's range " + from
                    + "–" + to);
        }
    }

    // ------------------------------------------------------------------ JSON

    /**
     * The calendar in its file form (see the class comment).
     *
     * @throws IllegalArgumentException naming the field (e.g. {@code breaks[2].schools}) and the
     *                                  value or date at fault
     */
    public static SchoolCalendar fromJson(JsonObject json) {
        fields("", json, Set.of("name", "from", "to", "holidays", "workdays", "breaks", "note"));
        String name = text(json, "", "name", true);
        LocalDate from = date(json, "", "from");
        LocalDate to = date(json, "", "to");
        List<Holiday> holidays = new ArrayList<>();
        List<Workday> workdays = new ArrayList<>();
        List<Break> breaks = new ArrayList<>();
        JsonArray h = array(json, "holidays");
        for (int i = 0; i < h.size(); i++) {
            String where = "holidays[" + i + "].";
            JsonObject o = object(h, i, "holidays");
            fields(where, o, Set.of("name", "from", "to"));
            holidays.add(new Holiday(text(o, where, "name", true), date(o, where, "from"), date(o, where, "to")));
        }
        JsonArray w = array(json, "workdays");
        for (int i = 0; i < w.size(); i++) {
            String where = "workdays[" + i + "].";
            JsonObject o = object(w, i, "workdays");
            fields(where, o, Set.of("date", "name"));
            workdays.add(new Workday(date(o, where, "date"), text(o, where, "name", false)));
        }
        JsonArray b = array(json, "breaks");
        for (int i = 0; i < b.size(); i++) {
            String where = "breaks[" + i + "].";
            JsonObject o = object(b, i, "breaks");
            fields(where, o, Set.of("kind", "schools", "from", "to"));
            String kind = text(o, where, "kind", true);
            BreakKind k = Term.parse(BreakKind.class, kind).orElseThrow(() -> new IllegalArgumentException(where + "kind: '"
                    + kind + "' is not one of " + Term.ids(BreakKind.class)));
            if (!(o.getValue("schools") instanceof JsonArray kinds)) {
                throw new IllegalArgumentException(where + "schools: an array of school kinds (" + Term.ids(SchoolKind.class)
                        + ") is required");
            }
            Set<SchoolKind> schools = EnumSet.noneOf(SchoolKind.class);
            for (Object s : kinds) {
                schools.add(SchoolKind.parse(s instanceof String t ? t : String.valueOf(s)).orElseThrow(() ->
                        new IllegalArgumentException(where + "schools: '" + s + "' is not one of "
                                + Term.ids(SchoolKind.class))));
            }
            breaks.add(new Break(k, schools, date(o, where, "from"), date(o, where, "to")));
        }
        return new SchoolCalendar(name, from, to, holidays, workdays, breaks, text(json, "", "note", false));
    }

    /** The file form of this calendar: {@link #fromJson} of it gives this calendar back. */
    public JsonObject toJson() {
        JsonArray h = new JsonArray();
        holidays.forEach(x -> h.add(new JsonObject().put("name", x.name()).put("from", x.first().toString())
                .put("to", x.last().toString())));
        JsonArray w = new JsonArray();
        workdays.forEach(x -> w.add(new JsonObject().put("date", x.date().toString()).put("name", x.name())));
        JsonArray b = new JsonArray();
        breaks.forEach(x -> b.add(new JsonObject().put("kind", x.kind().id())
                .put("schools", new JsonArray(x.schools().stream().sorted().map(SchoolKind::id).toList()))
                .put("from", x.first().toString()).put("to", x.last().toString())));
        return new JsonObject().put("name", name).put("from", from.toString()).put("to", to.toString())
                .put("holidays", h).put("workdays", w).put("breaks", b).put("note", note);
    }

    /** The shipped default ({@value #DEFAULT_RESOURCE} on the class path). */
    public static SchoolCalendar defaults() {
        try (InputStream in = SchoolCalendar.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the class path");
            }
            return fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    private static void fields(String where, JsonObject o, Set<String> known) {
        for (String f : o.fieldNames()) {
            if (!known.contains(f)) {
                throw new IllegalArgumentException(where + f + ": unknown field (expected " + String.join(", ",
                        known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static JsonArray array(JsonObject json, String field) {
        Object v = json.getValue(field);
        if (v == null) {
            return new JsonArray();
        }
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException(field + ": must be an array");
        }
        return a;
    }

    private static JsonObject object(JsonArray a, int i, String field) {
        if (!(a.getValue(i) instanceof JsonObject o)) {
            throw new IllegalArgumentException(field + "[" + i + "]: must be an object");
        }
        return o;
    }

    private static String text(JsonObject o, String where, String field, boolean required) {
        Object v = o.getValue(field);
        if (v == null && !required) {
            return "";
        }
        if (!(v instanceof String s) || (required && s.isBlank())) {
            throw new IllegalArgumentException(where + field + ": " + (required ? "a non-empty " : "a ") + "string is required");
        }
        return s.strip();
    }

    private static LocalDate date(JsonObject o, String where, String field) {
        Object v = o.getValue(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + field + ": a date YYYY-MM-DD is required");
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + field + ": '" + s + "' is not a date YYYY-MM-DD");
        }
    }
}
