package org.gridwatch.cql2;

/**
 * A filter that cannot be read or does not fit the collection: a syntax error (with the character
 * position where reading stopped), an unknown property, a type mismatch or an unsupported part of
 * CQL2. The message names the input and the reason, fit to be shown to the client as the
 * {@code detail} of a 400 problem.
 */
public final class Cql2Exception extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final String field;
    private final String reason;

    /**
     * @param position the character offset (0-based, in the filter text or the CQL2-JSON document)
     *        where the problem was found, or -1 when it is not about one place (validation)
     * @param field the property or function the problem is about, or {@code null}
     * @param reason what is wrong, in a sentence without the position
     */
    public Cql2Exception(int position, String field, String reason) {
        super(position >= 0 ? reason + " (at character " + position + ")" : reason);
        this.position = position;
        this.field = field;
        this.reason = reason;
    }

    /** The character offset where the problem was found, or -1 (validation problems). */
    public int position() {
        return position;
    }

    /** The property or function named by the problem, or {@code null} when it is about the syntax. */
    public String field() {
        return field;
    }

    /** The reason without the position. */
    public String reason() {
        return reason;
    }
}
