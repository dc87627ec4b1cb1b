package org.gridwatch.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.gridwatch.area.AdminLevel;

/**
 * Open alerts of one kind in one area, taken in as one line on the big screen
 * ("邹平市 12 个护学岗到岗不足"); see {@link AlertGroups} for how alerts are grouped. Immutable.
 *
 * @param key      the kind, level and area that make the group
 * @param areaName the area's name ({@code key.areaCode()} when the city data has no such area)
 * @param count    open alerts in the group, at least 1
 * @param severity the highest severity among them (an {@link AlertSeverity} id)
 * @param newest   when the newest of them was raised
 * @param title    Chinese text with the area and the count, e.g. "邹平市 12 个护学岗到岗不足"
 * @param members  their ids, most severe first, then newest first
 */
public record AlertGroup(AlertGroups.Key key, String areaName, int count, String severity, Instant newest, String title,
                         List<Long> members) {
    public AlertGroup {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(areaName, "areaName");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(newest, "newest");
        Objects.requireNonNull(title, "title");
        members = List.copyOf(members);
        if (count < 1 || count != members.size()) {
            throw new IllegalArgumentException("group " + key.id() + ": count " + count + " but " + members.size()
                    + " members");
        }
    }

    /** The group's identifier, e.g. {@code post_unstaffed.county.371626}. */
    public String id() {
        return key.id();
    }

    /** The alert kind. */
    public String kind() {
        return key.kind();
    }

    /** The level the group's area is of. */
    public AdminLevel level() {
        return key.level();
    }

    /** The group's area code. */
    public String areaCode() {
        return key.areaCode();
    }
}
