package org.gridwatch.alert;

import java.util.Objects;

/**
 * A change record: an alert before and after one change (raised, acknowledged). {@code /live}
 * derives from these. Immutable.
 *
 * @param before the alert before, or null when it was just raised
 * @param after  the alert now
 */
public record AlertChange(Alert before, Alert after) {
    public AlertChange {
        Objects.requireNonNull(after, "after");
    }
}
