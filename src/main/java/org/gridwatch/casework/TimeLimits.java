package org.gridwatch.casework;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Incident;
import org.gridwatch.incident.Severity;
import org.gridwatch.incident.Source;
import org.gridwatch.vocab.Term;

/**
 * Time limits (时限) per source, category and grade for each step of a case, counted from the
 * report: 受理 accept, 到场 arrive, 处置 handle, 结案 close. Calls are limited in minutes, grid matters
 * in working days ({@link Limit}). The first rule that covers an incident applies; every source
 * needs a rule for all categories at Ⅳ级 (checked).
 *
 * <p>{@link #defaults()} (shipped as {@code config/time-limits.json}): 110 calls of Ⅰ/Ⅱ级 accepted
 * in 1 minute, on scene in 5, handled in 1 hour, closed in 1 day; other 110 calls 3 min / 15 min /
 * 2 h / 3 working days; 平安码, 雪亮 and 12345 reports 30 min / 2 h / 1 working day / 5 working days;
 * grid reports (网格上报) of Ⅰ/Ⅱ级 30 min / 2 h / 1 working day / 3 working days, the others 1 / 2 / 3
 * / 5 working days. Immutable; thread-safe.
 *
 * @param rules the rules, first match wins
 * @param zone  the city's time zone (for working days)
 */
public record TimeLimits(List<Rule> rules, ZoneId zone) {
    /**
     * @param sources    the sources it covers (non-empty)
     * @param categories the categories it covers (non-empty)
     * @param atLeast    it covers incidents of this grade and graver ({@link Severity#IV}: all)
     * @param limits     the limit of each of accept, arrive, handle and close (each present)
     */
    public record Rule(Set<Source> sources, Set<Category> categories, Severity atLeast, Map<CaseStep, Limit> limits) {
        public Rule {
            sources = Set.copyOf(sources);
            categories = Set.copyOf(categories);
            limits = Map.copyOf(limits);
            Objects.requireNonNull(atLeast, "atLeast");
            if (sources.isEmpty() || categories.isEmpty()) {
                throw new IllegalArgumentException("a time-limit rule needs sources and categories");
            }
            for (CaseStep s : STEPS) {
                if (!limits.containsKey(s)) {
                    throw new IllegalArgumentException("a time-limit rule needs a limit for " + s.id());
                }
            }
        }

        /** True when this rule covers {@code i}. */
        public boolean covers(Incident i) {
            return sources.contains(i.source()) && categories.contains(i.category()) && i.grade().atLeast(atLeast);
        }
    }

    /** The steps a rule limits, in order. */
    public static final List<CaseStep> STEPS = List.of(CaseStep.ACCEPT, CaseStep.ARRIVE, CaseStep.HANDLE, CaseStep.CLOSE);

    public TimeLimits {
        rules = List.copyOf(rules);
        Objects.requireNonNull(zone, "zone");
        for (Source s : Source.values()) {
            for (Category c : Category.values()) {
                if (rules.stream().noneMatch(r -> r.sources().contains(s) && r.categories().contains(c)
                        && r.atLeast() == Severity.IV)) {
                    throw new IllegalArgumentException("the time limits have no rule for " + s.id() + " " + c.id()
                            + " Ⅳ级: every source and category needs one that covers all grades");
                }
            }
        }
    }

    /** The rule for {@code i}: the first that covers it. */
    public Rule ruleFor(Incident i) {
        for (Rule r : rules) {
            if (r.covers(i)) {
                return r;
            }
        }
        throw new IllegalStateException("no time-limit rule for incident " + i.id()); // the constructor prevents it
    }

    /**
     * The deadline of every step of {@code i}, in step order: accept, arrive, handle and close from
     * the report ({@code reportedAt}), and the last 督办's deadline when the case has one.
     */
    public Map<CaseStep, Instant> deadlines(Incident i, WorkingDays calendar) {
        Rule r = ruleFor(i);
        Map<CaseStep, Instant> out = new EnumMap<>(CaseStep.class);
        for (CaseStep s : STEPS) {
            out.put(s, r.limits().get(s).deadline(i.reportedAt(), zone, calendar));
        }
        i.supervision().ifPresent(t -> {
            if (t.due() != null) {
                out.put(CaseStep.SUPERVISION, t.due());
            }
        });
        return out;
    }

    /**
     * Limits as JSON: {@code {"rules":[{"sources":["police_call"],"categories":[…] (optional: all),
     * "atLeast":2, "accept":"1m","arrive":"5m","handle":"1h","close":"1d"},…]}}; {@code atLeast}
     * the grade number 1–4 (optional: 4, all grades). {@code comment} members are ignored.
     *
     * @throws IllegalArgumentException naming the rule and the field that is wrong
     */
    public static TimeLimits fromJson(JsonObject json, ZoneId zone) {
        Set<String> top = new HashSet<>(json.fieldNames());
        top.removeAll(Set.of("rules", "comment"));
        if (!top.isEmpty()) {
            throw new IllegalArgumentException("unknown member(s) " + top + "; a time-limit file has rules (and comment)");
        }
        if (!(json.getValue("rules") instanceof JsonArray rules) || rules.isEmpty()) {
            throw new IllegalArgumentException("rules: must be a non-empty array");
        }
        List<Rule> out = new ArrayList<>();
        for (int k = 0; k < rules.size(); k++) {
            String where = "rules[" + k + "]";
            if (!(rules.getValue(k) instanceof JsonObject r)) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            Set<String> unknown = new HashSet<>(r.fieldNames());
            unknown.removeAll(Set.of("sources", "categories", "atLeast", "accept", "arrive", "handle", "close", "comment"));
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(where + ": unknown member(s) " + unknown);
            }
            try {
                Set<Source> sources = terms(r, "sources", Source.class, true);
                Set<Category> categories = r.containsKey("categories") ? terms(r, "categories", Category.class, true)
                        : EnumSet.allOf(Category.class);
                Object grade = r.getValue("atLeast", 4);
                if (!(grade instanceof Integer g) || g < 1 || g > 4) {
                    throw new IllegalArgumentException("atLeast: must be a grade number 1 (Ⅰ级) to 4 (Ⅳ级)");
                }
                Map<CaseStep, Limit> limits = new EnumMap<>(CaseStep.class);
                for (CaseStep s : STEPS) {
                    if (!(r.getValue(s.id()) instanceof String text)) {
                        throw new IllegalArgumentException(s.id() + ": required, a limit such as \"5m\", \"2h\" or \"3wd\"");
                    }
                    try {
                        limits.put(s, Limit.parse(text));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(s.id() + ": " + e.getMessage(), e);
                    }
                }
                out.add(new Rule(sources, categories, Severity.of((Integer) grade), limits));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new TimeLimits(out, zone);
    }

    private static <E extends Enum<E> & Term> Set<E> terms(JsonObject r, String field, Class<E> type, boolean required) {
        if (!(r.getValue(field) instanceof JsonArray a) || (required && a.isEmpty())) {
            throw new IllegalArgumentException(field + ": must be a non-empty array of " + Term.ids(type));
        }
        Set<E> out = EnumSet.noneOf(type);
        for (Object o : a) {
            E e = o instanceof String s ? Term.parse(type, s).orElse(null) : null;
            if (e == null) {
                throw new IllegalArgumentException(field + ": unknown '" + o + "'; one of " + Term.ids(type));
            }
            out.add(e);
        }
        return out;
    }

    /** The limits described in the class comment (shipped as config/time-limits.json). */
    public static TimeLimits defaults(ZoneId zone) {
        Set<Category> all = EnumSet.allOf(Category.class);
        Set<Source> calls = EnumSet.of(Source.POLICE_CALL);
        Set<Source> public_ = EnumSet.of(Source.CITIZEN, Source.VIDEO, Source.HOTLINE);
        Set<Source> grid = EnumSet.of(Source.GRID_REPORT);
        return new TimeLimits(List.of(
                rule(calls, all, Severity.II, "1m", "5m", "1h", "1d"),
                rule(calls, all, Severity.IV, "3m", "15m", "2h", "3wd"),
                rule(public_, all, Severity.IV, "30m", "2h", "1wd", "5wd"),
                rule(grid, all, Severity.II, "30m", "2h", "1wd", "3wd"),
                rule(grid, all, Severity.IV, "1wd", "2wd", "3wd", "5wd")), zone);
    }

    private static Rule rule(Set<Source> sources, Set<Category> categories, Severity atLeast, String accept, String arrive,
                             String handle, String close) {
        Map<CaseStep, Limit> m = new EnumMap<>(CaseStep.class);
        m.put(CaseStep.ACCEPT, Limit.parse(accept));
        m.put(CaseStep.ARRIVE, Limit.parse(arrive));
        m.put(CaseStep.HANDLE, Limit.parse(handle));
        m.put(CaseStep.CLOSE, Limit.parse(close));
        return new Rule(sources, categories, atLeast, m);
    }
}
