package org.gridwatch.imports;

/** An import cannot go ahead: a file cannot be read, or its CRS is unknown. Nothing was written. */
public class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ImportException(String message) {
        super(message);
    }

    public ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
