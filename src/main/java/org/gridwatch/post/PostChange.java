package org.gridwatch.post;

import java.util.Objects;

/**
 * A change record: a school-guard post's duty status before and after a change (a unit arriving or
 * leaving, a window opening or being decided, a live count going stale). {@code /live} derives from
 * these. Immutable.
 *
 * @param before the status before, or null for the first status of a post
 * @param after  the status now
 */
public record PostChange(PostStatus before, PostStatus after) {
    public PostChange {
        Objects.requireNonNull(after, "after");
    }
}
