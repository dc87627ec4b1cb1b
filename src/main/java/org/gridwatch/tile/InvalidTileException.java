package org.gridwatch.tile;

/** A tile address outside WebMercatorQuad (or not a number): names the field at fault. */
public final class InvalidTileException extends IllegalArgumentException {
    private final String field;

    InvalidTileException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault: {@code z}, {@code x} or {@code y}. */
    public String field() {
        return field;
    }
}
