package org.gridwatch.dispatch;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.gridwatch.incident.Category;
import org.gridwatch.incident.Severity;
import org.gridwatch.patrol.UnitKind;

/**
 * Which units may be sent to an incident, in what preference and how many, by category and grade:
 * the first {@link Rule} whose categories hold the incident's and whose {@link Rule#atLeast} grade
 * the incident's is at least as serious as. A rule names the <i>lead</i> kinds (who should take
 * the case, most preferred first) and the <i>support</i> kinds (who may come to help, never
 * offered before a lead unit), with how many of each a full response takes. Kinds in neither list
 * are not offered at all. Immutable; thread-safe.
 *
 * <p>{@link #defaults()} follows how a Chinese command center sends its forces: police for
 * criminal and public-order calls (security guards and grid workers only as support from Ⅲ级
 * upwards), grid workers and police assistants first for disputes ("小事不出村"), the grid worker
 * first for hazards and environment matters, police for fraud, traffic, stability and cult cases.
 */
public record DispatchPolicy(List<Rule> rules) {
    /**
     * @param categories   the categories it covers (non-empty)
     * @param atLeast      it covers incidents of this grade and graver ({@link Severity#IV}: all)
     * @param lead         kinds that may lead, most preferred first (non-empty)
     * @param support      kinds that may support, most preferred first (may be empty)
     * @param leadUnits    lead units a full response takes, ≥ 1
     * @param supportUnits support units a full response takes, ≥ 0
     */
    public record Rule(Set<Category> categories, Severity atLeast, List<UnitKind> lead, List<UnitKind> support,
                       int leadUnits, int supportUnits) {
        public Rule {
            categories = Set.copyOf(categories);
            lead = List.copyOf(lead);
            support = List.copyOf(support);
            Objects.requireNonNull(atLeast, "atLeast");
            if (categories.isEmpty() || lead.isEmpty()) {
                throw new IllegalArgumentException("a dispatch rule needs categories and lead kinds");
            }
            for (UnitKind k : lead) {
                if (support.contains(k)) {
                    throw new IllegalArgumentException("unit kind " + k.id() + " is both lead and support");
                }
            }
            if (leadUnits < 1 || supportUnits < 0) {
                throw new IllegalArgumentException("lead units must be ≥ 1 and support units ≥ 0");
            }
        }

        /** True when this rule covers an incident of {@code category} graded {@code grade}. */
        public boolean covers(Category category, Severity grade) {
            return categories.contains(category) && grade.atLeast(atLeast);
        }

        /** The unit kinds this rule offers at all: lead, then support. */
        public List<UnitKind> offered() {
            List<UnitKind> all = new ArrayList<>(lead);
            all.addAll(support);
            return all;
        }

        /** {@link Role#LEAD}, {@link Role#SUPPORT}, or null when a unit of {@code kind} is not to be sent. */
        public Role role(UnitKind kind) {
            return lead.contains(kind) ? Role.LEAD : support.contains(kind) ? Role.SUPPORT : null;
        }
    }

    /** What a unit offered for an incident would be there as. */
    public enum Role {
        /** Takes the case. */
        LEAD("lead"),
        /** Comes to help the lead unit. */
        SUPPORT("support");

        private final String id;

        Role(String id) {
            this.id = id;
        }

        /** API identifier. */
        public String id() {
            return id;
        }
    }

    public DispatchPolicy {
        rules = List.copyOf(rules);
        for (Category c : Category.values()) {
            if (rules.stream().noneMatch(r -> r.covers(c, Severity.IV))) {
                throw new IllegalArgumentException("the dispatch policy has no rule for " + c.id() + " Ⅳ级: every"
                        + " category needs one that covers all grades");
            }
        }
    }

    /** The rule for an incident of {@code category} graded {@code grade}: the first that covers it. */
    public Rule ruleFor(Category category, Severity grade) {
        for (Rule r : rules) {
            if (r.covers(category, grade)) {
                return r;
            }
        }
        throw new IllegalStateException("no rule for " + category.id() + " " + grade.label()); // the constructor prevents it
    }

    /**
     * A policy as JSON: {@code {"rules":[{"categories":["criminal",…],"atLeast":3,
     * "lead":["police_car",…],"support":[…],"leadUnits":1,"supportUnits":2},…]}} ({@code atLeast}
     * the grade number 1–4; {@code support}, {@code leadUnits} and {@code supportUnits} optional:
     * none, 1, 0). The shipped {@code config/dispatch-policy.json} is {@link #defaults()}.
     *
     * @throws IllegalArgumentException naming the rule and the field that is wrong
     */
    public static DispatchPolicy fromJson(io.vertx.core.json.JsonObject json) {
        Set<String> top = new java.util.HashSet<>(json.fieldNames());
        top.remove("rules");
        top.remove("comment");
        if (!top.isEmpty()) {
            throw new IllegalArgumentException("unknown fields " + top + " (a policy has rules, and may have a comment)");
        }
        Object rulesValue = json.getValue("rules");
        if (!(rulesValue instanceof io.vertx.core.json.JsonArray array) || array.isEmpty()) {
            throw new IllegalArgumentException("rules: a non-empty array of rules is required");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String where = "rules[" + i + "]";
            if (!(array.getValue(i) instanceof io.vertx.core.json.JsonObject r)) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            Set<String> unknown = new java.util.HashSet<>(r.fieldNames());
            unknown.removeAll(Set.of("categories", "atLeast", "lead", "support", "leadUnits", "supportUnits", "comment"));
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(where + ": unknown fields " + unknown);
            }
            try {
                Set<Category> categories = EnumSet.noneOf(Category.class);
                for (String id : strings(r, "categories", true)) {
                    categories.add(org.gridwatch.vocab.Term.parse(Category.class, id).orElseThrow(
                            () -> new IllegalArgumentException("categories: unknown category '" + id + "'; one of "
                                    + org.gridwatch.vocab.Term.ids(Category.class))));
                }
                Object grade = r.getValue("atLeast");
                if (!(grade instanceof Integer level) || level < 1 || level > 4) {
                    throw new IllegalArgumentException("atLeast: the grade number 1 (Ⅰ级) to 4 (Ⅳ级) is required");
                }
                rules.add(new Rule(categories, Severity.of(level), kinds(r, "lead", true), kinds(r, "support", false),
                        count(r, "leadUnits", 1), count(r, "supportUnits", 0)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new DispatchPolicy(rules);
    }

    private static List<String> strings(io.vertx.core.json.JsonObject r, String field, boolean required) {
        Object v = r.getValue(field);
        if (v == null && !required) {
            return List.of();
        }
        if (!(v instanceof io.vertx.core.json.JsonArray a) || (required && a.isEmpty())) {
            throw new IllegalArgumentException(field + ": " + (required ? "a non-empty" : "an") + " array of ids is required");
        }
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(field + ": ids are strings");
            }
            out.add(s);
        }
        return out;
    }

    private static List<UnitKind> kinds(io.vertx.core.json.JsonObject r, String field, boolean required) {
        List<UnitKind> out = new ArrayList<>();
        for (String id : strings(r, field, required)) {
            UnitKind k = org.gridwatch.vocab.Term.parse(UnitKind.class, id).orElseThrow(() -> new IllegalArgumentException(
                    field + ": unknown unit kind '" + id + "'; one of " + org.gridwatch.vocab.Term.ids(UnitKind.class)));
            if (out.contains(k)) {
                throw new IllegalArgumentException(field + ": unit kind " + id + " is named twice");
            }
            out.add(k);
        }
        return out;
    }

    private static int count(io.vertx.core.json.JsonObject r, String field, int orElse) {
        Object v = r.getValue(field);
        if (v == null) {
            return orElse;
        }
        if (!(v instanceof Integer n)) {
            throw new IllegalArgumentException(field + ": must be an integer");
        }
        return n;
    }

    /** The policy described in the class comment (shipped as config/dispatch-policy.json). */
    public static DispatchPolicy defaults() {
        UnitKind car = UnitKind.POLICE_CAR;
        UnitKind foot = UnitKind.FOOT_PATROL;
        UnitKind guard = UnitKind.SECURITY_GUARD;
        UnitKind grid = UnitKind.GRID_WORKER;
        UnitKind assistant = UnitKind.POLICE_ASSISTANT;
        Set<Category> police = EnumSet.of(Category.CRIMINAL, Category.PUBLIC_ORDER);
        return new DispatchPolicy(List.of(
                // Criminal and public-order cases of Ⅲ级 and graver: police lead; guards and grid workers support.
                new Rule(police, Severity.III, List.of(car, foot), List.of(assistant, guard, grid), 1, 2),
                // Ⅳ级 ones: police or a police assistant; guards may support.
                new Rule(police, Severity.IV, List.of(car, foot, assistant), List.of(guard, grid), 1, 1),
                new Rule(EnumSet.of(Category.FRAUD, Category.TRAFFIC), Severity.IV, List.of(car, foot, assistant),
                        List.of(), 1, 0),
                new Rule(EnumSet.of(Category.STABILITY, Category.CULT), Severity.IV, List.of(car, foot, assistant),
                        List.of(grid), 1, 1),
                // Disputes: the grid worker or the police assistant first (小事不出村), police as support.
                new Rule(EnumSet.of(Category.DISPUTE), Severity.IV, List.of(grid, assistant), List.of(foot, car), 1, 1),
                new Rule(EnumSet.of(Category.FIRE_SAFETY, Category.ENVIRONMENT, Category.OTHER), Severity.IV,
                        List.of(grid, assistant, guard), List.of(foot, car), 1, 0)));
    }
}
