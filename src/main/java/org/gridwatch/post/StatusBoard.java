package org.gridwatch.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current status of each of a fixed list of things (posts, key places), readable by anyone,
 * and the listeners told of the statuses that changed in one write.
 *
 * <p>Single writer ({@link #set}, {@link #publish}), lock-free readers ({@link #all}): each status
 * is an immutable value published atomically. A failing listener is logged and the others are
 * still told.
 *
 * @param <T> the status type, an immutable record (compared with {@code equals})
 */
final class StatusBoard<T> {
    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final String what;
    private final AtomicReferenceArray<T> current;
    private final List<Consumer<List<T>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Integer, T> changed = new LinkedHashMap<>();

    /** @param what what the statuses are of, for the log */
    StatusBoard(String what, int size) {
        this.what = what;
        this.current = new AtomicReferenceArray<>(size);
    }

    void listen(Consumer<List<T>> listener) {
        listeners.add(listener);
    }

    /** Every status, by index. Any thread. */
    List<T> all() {
        List<T> out = new ArrayList<>(current.length());
        for (int i = 0; i < current.length(); i++) {
            out.add(current.get(i));
        }
        return out;
    }

    /** Sets status {@code i}; a status different from the current one is kept for {@link #publish}. Writer only. */
    void set(int i, T status) {
        if (!status.equals(current.get(i))) {
            current.set(i, status);
            changed.put(i, status);
        }
    }

    /** Tells the listeners of the statuses changed since the last call (the latest of each). Writer only. */
    void publish() {
        if (changed.isEmpty()) {
            return;
        }
        List<T> out = List.copyOf(changed.values());
        changed.clear();
        for (Consumer<List<T>> l : listeners) {
            try {
                l.accept(out);
            } catch (RuntimeException e) {
                LOG.error("{} status listener failed", what, e);
            }
        }
    }
}
