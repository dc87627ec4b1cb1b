package org.gridwatch.incident;

import java.util.Objects;

/**
 * Who makes a change: the authenticated principal's id and display name, or only a name for
 * changes the system makes itself (a unit arriving, the simulator). Immutable.
 *
 * @param id   the principal's id (login, key or device id); null for the system
 * @param name the name shown and recorded
 */
public record Actor(String id, String name) {
    public Actor {
        Objects.requireNonNull(name, "name");
    }

    /** A change the system makes itself, under {@code name}. */
    public static Actor system(String name) {
        return new Actor(null, name);
    }
}
