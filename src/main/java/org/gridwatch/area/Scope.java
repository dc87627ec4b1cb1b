package org.gridwatch.area;

import java.util.Objects;

/**
 * What a caller may see: one admin area (the whole city by default) and everything inside it.
 * Every query takes a scope so that access control restricts data in one place.
 *
 * <p>Immutable and thread-safe.
 *
 * @param area the area the caller may see
 */
public record Scope(AdminArea area) {
    public Scope {
        Objects.requireNonNull(area, "area");
    }

    /** The prefix shared by the codes of every area and grid inside the scope. */
    public String codePrefix() {
        return area.level().descendantPrefix(area.code());
    }

    /** True when the area or grid with this code lies inside the scope. */
    public boolean includes(String code) {
        return code != null && code.startsWith(codePrefix());
    }
}
