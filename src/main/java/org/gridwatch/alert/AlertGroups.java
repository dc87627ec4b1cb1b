package org.gridwatch.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.gridwatch.area.AdminArea;
import org.gridwatch.area.AdminLevel;
import org.gridwatch.area.AreaHierarchy;
import org.gridwatch.area.Scope;

/**
 * Groups open alerts by kind and area (告警归并), so that 210 护学岗 alerts of one morning read as a
 * few lines: "邹平市 12 个护学岗到岗不足".
 *
 * <p>The rule. An alert's area is the area of its {@link Alert#areaCode()} (a grid code, mostly) at
 * the group level: its county (the first 6 digits) or its township (the first 9). The level is
 * chosen for the caller's jurisdiction so that the big screen shows a readable handful of lines:
 * {@linkplain #levelFor counties} for a jurisdiction spanning more than one county (the city),
 * townships for one county or anything inside one. An alert whose area is coarser than the level
 * (a county code when grouping by township) is grouped under that area itself; an alert without an
 * area under the city. A group is identified by kind, level and area ({@link Key#id()}), so its
 * members are the same whoever asks — narrowed to what the asker's scope sees.
 *
 * <p>Groups are ordered by their highest severity (critical, warning, info, then unknown ones),
 * then by their newest alert, newest first; members likewise.
 *
 * <p>Immutable and thread-safe.
 */
public final class AlertGroups {
    /** The levels groups may be formed at. */
    public static final Set<AdminLevel> LEVELS = Set.of(AdminLevel.COUNTY, AdminLevel.TOWNSHIP);
    /**
     * How a group's count reads per kind ("12 个护学岗到岗不足"); other kinds read "12 条" + the
     * kind's label.
     */
    private static final Map<String, String> COUNTED = Map.of(
            AlertKind.POST_UNSTAFFED.id(), " 个护学岗到岗不足",
            AlertKind.GRID_UNCOVERED.id(), " 个网格长时未巡",
            AlertKind.NEAR_REPEAT.id(), " 处近重复风险");
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    /** Most severe first, then newest first, then by id. */
    public static final Comparator<Alert> ORDER = Comparator.comparingInt((Alert a) -> rank(a.severity()))
            .thenComparing(Alert::raisedAt, Comparator.reverseOrder()).thenComparingLong(Alert::id);

    private final AreaHierarchy areas;

    public AlertGroups(AreaHierarchy areas) {
        this.areas = areas;
    }

    /**
     * What makes a group: an alert kind, a level and an area code of that level (or a coarser one).
     *
     * @param kind     the alerts' {@link Alert#kind()}
     * @param level    {@link AdminLevel#COUNTY} or {@link AdminLevel#TOWNSHIP}
     * @param areaCode the area's code
     */
    public record Key(String kind, AdminLevel level, String areaCode) {
        public Key {
            if (!LEVELS.contains(level)) {
                throw new IllegalArgumentException("alert groups are formed by county or township, not " + level.id());
            }
        }

        /** {@code kind.level.areaCode}, e.g. {@code post_unstaffed.county.371626}: safe in a URL path. */
        public String id() {
            return kind + "." + level.id() + "." + areaCode;
        }

        /**
         * Parses {@link #id()}.
         *
         * @throws IllegalArgumentException saying what is wrong with {@code text}
         */
        public static Key parse(String text) {
            String[] p = text.split("\\.", -1);
            if (p.length != 3) {
                throw new IllegalArgumentException("expected kind.level.area, e.g. post_unstaffed.county.371626");
            }
            if (!KIND.matcher(p[0]).matches()) {
                throw new IllegalArgumentException("'" + p[0] + "' is not an alert kind");
            }
            AdminLevel level = AdminLevel.parse(p[1]).filter(LEVELS::contains).orElseThrow(() ->
                    new IllegalArgumentException("level '" + p[1] + "': one of county, township"));
            String code = p[2];
            boolean digits = !code.isEmpty() && code.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || (code.length() != AdminLevel.COUNTY.codeLength() && code.length() != level.codeLength())) {
                throw new IllegalArgumentException("area '" + code + "': a " + level.codeLength() + "-digit "
                        + level.id() + " code (or the code of the county or city above it)");
            }
            return new Key(p[0], level, code);
        }
    }

    /**
     * The level groups default to for {@code scope}: county when it spans more than one county (the
     * whole city, or several counties), township otherwise.
     */
    public static AdminLevel levelFor(Scope scope) {
        if (scope.topLevel() == AdminLevel.CITY) {
            return AdminLevel.COUNTY;
        }
        Set<String> counties = new HashSet<>();
        for (AdminArea a : scope.areas()) {
            counties.add(a.code().substring(0, AdminLevel.COUNTY.codeLength()));
        }
        return counties.size() > 1 ? AdminLevel.COUNTY : AdminLevel.TOWNSHIP;
    }

    /** The group of alert {@code a} at {@code level} (see the class comment). */
    public Key keyOf(Alert a, AdminLevel level) {
        return new Key(a.kind(), level, areaOf(a.areaCode(), level));
    }

    private String areaOf(String code, AdminLevel level) {
        if (code == null) {
            return areas.city().code();
        }
        return code.length() > level.codeLength() ? code.substring(0, level.codeLength()) : code;
    }

    /** True for the alerts of group {@code key} (acknowledged or not; the caller checks its scope). */
    public Predicate<Alert> members(Key key) {
        return a -> a.kind().equals(key.kind()) && areaOf(a.areaCode(), key.level()).equals(key.areaCode());
    }

    /** The area of a group exists in the city data (or is the city, for alerts without an area). */
    public Optional<String> areaName(Key key) {
        return areas.find(key.areaCode()).map(AdminArea::name);
    }

    /**
     * Groups {@code open} at {@code level}: most severe group first, then the one with the newest
     * alert. O(n log n) in the alerts.
     */
    public List<AlertGroup> group(List<Alert> open, AdminLevel level) {
        Map<Key, List<Alert>> byKey = new LinkedHashMap<>();
        for (Alert a : open) {
            byKey.computeIfAbsent(keyOf(a, level), k -> new ArrayList<>()).add(a);
        }
        List<AlertGroup> out = new ArrayList<>(byKey.size());
        for (Map.Entry<Key, List<Alert>> e : byKey.entrySet()) {
            List<Alert> members = e.getValue();
            members.sort(ORDER);
            Instant newest = members.stream().map(Alert::raisedAt).max(Comparator.naturalOrder()).orElseThrow();
            Key k = e.getKey();
            String name = areaName(k).orElse(k.areaCode());
            out.add(new AlertGroup(k, name, members.size(), members.get(0).severity(), newest,
                    title(name, members.size(), k.kind()), members.stream().map(Alert::id).toList()));
        }
        out.sort(Comparator.comparingInt((AlertGroup g) -> rank(g.severity()))
                .thenComparing(AlertGroup::newest, Comparator.reverseOrder()).thenComparing(AlertGroup::id));
        return out;
    }

    /** "邹平市 12 个护学岗到岗不足". */
    static String title(String areaName, int count, String kind) {
        String counted = COUNTED.get(kind);
        if (counted == null) {
            counted = " 条" + AlertKind.parse(kind).map(AlertKind::label).orElse("告警（" + kind + "）");
        }
        return areaName + " " + count + counted;
    }

    /** 0 for the most severe; unknown severities after every known one. */
    public static int rank(String severity) {
        return AlertSeverity.parse(severity).map(Enum::ordinal).orElse(AlertSeverity.values().length);
    }
}
