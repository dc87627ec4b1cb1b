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

    /** The policy described in the class comment (documented in config/gridwatch.yaml). */
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
