package org.gridwatch.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The current status of each of a fixed list of things (posts, key places), readable by anyone,
 * and, when asked to track them, the statuses changed since the last {@link #takeChanges()}.
 *
 * <p>Single writer ({@link #set}, {@link #takeChanges}), lock-free readers ({@link #all}): each
 * status is an immutable value published atomically.
 *
 * @param <T> the status type, an immutable record (compared with {@code equals})
 */
final class StatusBoard<T> {
    /** A status before and after the changes since the last take (before null: the first one). */
    record Change<T>(T before, T after) {
    }

    private final AtomicReferenceArray<T> current;
    private final boolean tracking;
    /** Index → status before the first change since the last take; insertion order. Writer only. */
    private final Map<Integer, T> before = new LinkedHashMap<>();

    /** @param tracking whether to keep the changes for {@link #takeChanges()} */
    StatusBoard(int size, boolean tracking) {
        this.current = new AtomicReferenceArray<>(size);
        this.tracking = tracking;
    }

    /** Every status, by index. Any thread. */
    List<T> all() {
        List<T> out = new ArrayList<>(current.length());
        for (int i = 0; i < current.length(); i++) {
            out.add(current.get(i));
        }
        return out;
    }

    /** Sets status {@code i}; a status different from the current one counts as a change. Writer only. */
    void set(int i, T status) {
        T was = current.get(i);
        if (!status.equals(was)) {
            current.set(i, status);
            if (tracking && !before.containsKey(i)) {
                before.put(i, was);
            }
        }
    }

    /**
     * The statuses changed since the last call, each once (its status before the first change and
     * its current one), in the order they first changed; those changed back are left out. Writer only.
     */
    List<Change<T>> takeChanges() {
        List<Change<T>> out = new ArrayList<>(before.size());
        before.forEach((i, was) -> {
            T now = current.get(i);
            if (!now.equals(was)) {
                out.add(new Change<>(was, now));
            }
        });
        before.clear();
        return out;
    }
}
