package org.gridwatch.vocab;

import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A member of a fixed vocabulary, implemented by enums: a stable lower-case API identifier (used
 * in JSON, query parameters and the store) and a Chinese label for the user interface.
 */
public interface Term {
    /** API identifier, e.g. {@code "public_order"}. */
    String id();

    /** Chinese label, e.g. {@code "治安"}. */
    String label();

    /** The term of {@code type} whose identifier is exactly {@code id}. */
    static <E extends Enum<E> & Term> Optional<E> parse(Class<E> type, String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(id)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every identifier of {@code type}, comma-separated, for error messages. */
    static <E extends Enum<E> & Term> String ids(Class<E> type) {
        return EnumSet.allOf(type).stream().map(Term::id).collect(Collectors.joining(", "));
    }
}
