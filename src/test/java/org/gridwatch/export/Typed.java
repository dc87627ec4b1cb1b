package org.gridwatch.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.gridwatch.feature.Property;

/** Parses the text of a value back to its property type, as a consumer of a text export would. */
final class Typed {
    private Typed() {
    }

    static Object parse(Property p, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return switch (p.type()) {
            case STRING -> text;
            case INTEGER -> Long.parseLong(text);
            case NUMBER -> Double.parseDouble(text);
            case BOOLEAN -> switch (text) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> throw new IllegalArgumentException("boolean " + text);
            };
            case TIMESTAMP -> {
                Instant i = OffsetDateTime.parse(text).toInstant();
                yield i;
            }
            case DATE -> LocalDate.parse(text);
        };
    }
}
