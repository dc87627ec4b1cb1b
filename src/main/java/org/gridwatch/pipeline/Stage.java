package org.gridwatch.pipeline;

import java.util.List;

/**
 * One named step of a stream of change records (a {@link Pipeline}): it reads the records of one
 * committed write and updates what it owns, or hands them on (to the live hub, as new writes).
 * Called on the state thread, one batch at a time, in the order the stream declares; it must not
 * block. A stage that throws is logged and counted, and the stream goes on with the next stage.
 *
 * @param <C> the change record type
 */
public interface Stage<C> {
    /** A short stable name for logs and metrics, e.g. {@code "coverage"}. */
    String name();

    /** Applies the change records of one committed write, oldest first. State thread. */
    void apply(List<? extends C> changes);
}
