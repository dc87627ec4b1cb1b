package org.gridwatch.feature;

/**
 * A query a layer cannot answer as asked: a cursor that is not one of its own, a time window longer
 * than it reads. Names the query part at fault, so an HTTP route answers 400 naming the parameter.
 */
public final class BadQueryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Which part of the query: {@code cursor}, {@code datetime}. */
    private final String part;

    public BadQueryException(String part, String message) {
        super(message);
        this.part = part;
    }

    /** The part of the query at fault: {@code cursor} or {@code datetime}. */
    public String part() {
        return part;
    }
}
