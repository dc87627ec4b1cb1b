package org.gridwatch.error;

import java.util.Objects;

/**
 * A request or write that cannot be carried out, typed by {@link FailureKind} so that edges answer
 * it without knowing the cause: no route maps JDK exceptions to statuses by hand. The message names
 * the input at fault and, where it applies, {@link #field()} the request field. Unless the message
 * says otherwise, nothing was changed.
 */
public class GridWatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final String field;
    private final String title;

    /**
     * @param kind    what kind of failure
     * @param field   the request field at fault, or null
     * @param title   short title for problem documents, or null for the kind's
     * @param message what went wrong, naming the input
     * @param cause   the underlying exception, or null
     */
    public GridWatchException(FailureKind kind, String field, String title, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
        this.title = title;
    }

    public GridWatchException(FailureKind kind, String field, String message) {
        this(kind, field, null, message, null);
    }

    /** The kind of failure. */
    public final FailureKind kind() {
        return kind;
    }

    /** The request field at fault, or {@code null}. */
    public final String field() {
        return field;
    }

    /** A short title for problem documents. */
    public final String title() {
        return title != null ? title : kind.title();
    }
}
