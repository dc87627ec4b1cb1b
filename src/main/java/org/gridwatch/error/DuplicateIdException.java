package org.gridwatch.error;

/** A write named an id the store holds already; nothing was stored. */
public class DuplicateIdException extends StoreException {
    private static final long serialVersionUID = 1L;

    public DuplicateIdException(String message, Throwable cause) {
        super(FailureKind.CONFLICT, message, cause);
    }
}
