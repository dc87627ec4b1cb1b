package org.gridwatch.incident;

import org.gridwatch.vocab.Term;

/**
 * The grade of an incident as in China's national emergency plans (国家突发公共事件总体应急预案):
 * Ⅰ级 特别重大, Ⅱ级 重大, Ⅲ级 较大, Ⅳ级 一般 — Ⅰ is the most serious. The API and the store carry
 * the grade's number ({@link #level()}, 1–4), so "more serious" is "smaller"; the colours are the
 * plans' warning colours (red, orange, yellow, blue).
 */
public enum Severity implements Term {
    /** Ⅰ级 特别重大 (red). */
    I(1, "Ⅰ", "特别重大", "#d7191c"),
    /** Ⅱ级 重大 (orange). */
    II(2, "Ⅱ", "重大", "#f07c1b"),
    /** Ⅲ级 较大 (yellow). */
    III(3, "Ⅲ", "较大", "#e8c21a"),
    /** Ⅳ级 一般 (blue). */
    IV(4, "Ⅳ", "一般", "#2c7bb6");

    /** The grade a report gets when it names none: Ⅳ级 一般. */
    public static final Severity DEFAULT = IV;

    private final int level;
    private final String roman;
    private final String name;
    private final String colour;

    Severity(int level, String roman, String name, String colour) {
        this.level = level;
        this.roman = roman;
        this.name = name;
        this.colour = colour;
    }

    /** The grade's number, 1 (Ⅰ, most serious) to 4 (Ⅳ): what the API and the store carry. */
    public int level() {
        return level;
    }

    /** The Roman numeral, e.g. {@code "Ⅲ"} (the Unicode numeral, as printed in the plans). */
    public String roman() {
        return roman;
    }

    /** The grade's name, e.g. {@code "较大"}. */
    public String gradeName() {
        return name;
    }

    /** The display colour, {@code #rrggbb}. */
    public String colour() {
        return colour;
    }

    /** The level as a string, e.g. {@code "3"}. */
    @Override
    public String id() {
        return Integer.toString(level);
    }

    /** E.g. {@code "Ⅲ级 较大"}. */
    @Override
    public String label() {
        return roman + "级 " + name;
    }

    /** The grade of number {@code level}. */
    public static Severity of(int level) {
        if (level < 1 || level > 4) {
            throw new IllegalArgumentException("severity must be 1 (Ⅰ级) to 4 (Ⅳ级): " + level);
        }
        return values()[level - 1];
    }

    /** True when this grade is at least as serious as {@code other} (Ⅱ is at least as serious as Ⅲ). */
    public boolean atLeast(Severity other) {
        return level <= other.level;
    }
}
