package org.gridwatch.area;

import java.util.Locale;
import java.util.Optional;

/**
 * Levels of the governance hierarchy with the length of their codes: city and county use
 * 6-digit GB/T 2260 codes (city codes end in "00"), township/street 9 digits, village/community
 * 12 digits (统计用区划代码), grid 15 digits (village code + 3-digit serial).
 */
public enum AdminLevel {
    /** 市, e.g. 371600 滨州市. */
    CITY("city", 6, "市"),
    /** 县/区/市, e.g. 371602 滨城区. */
    COUNTY("county", 6, "县区"),
    /** 乡镇/街道. */
    TOWNSHIP("township", 9, "乡镇街道"),
    /** 村/社区. */
    VILLAGE("village", 12, "村社区"),
    /** 网格 (全科大网格). */
    GRID("grid", 15, "网格");

    private final String id;
    private final int codeLength;
    private final String label;

    AdminLevel(String id, int codeLength, String label) {
        this.id = id;
        this.codeLength = codeLength;
        this.label = label;
    }

    /** API identifier: {@code city}, {@code county}, {@code township}, {@code village}, {@code grid}. */
    public String id() {
        return id;
    }

    /** Number of digits in codes of this level. */
    public int codeLength() {
        return codeLength;
    }

    /** Chinese label for the user interface. */
    public String label() {
        return label;
    }

    /** The next level down, or empty for {@link #GRID}. */
    public Optional<AdminLevel> child() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    /** Parses an API identifier, case-insensitively. */
    public static Optional<AdminLevel> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (AdminLevel l : values()) {
            if (l.id.equals(t)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /**
     * The prefix shared by the codes of every area inside an area of this level with the given
     * code: the code itself, except a city ("371600") whose descendants share "3716".
     */
    public String descendantPrefix(String code) {
        return this == CITY && code.endsWith("00") ? code.substring(0, 4) : code;
    }
}
