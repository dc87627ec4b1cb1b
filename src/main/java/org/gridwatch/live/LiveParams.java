package org.gridwatch.live;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.gridwatch.vocab.Term;

/** Validation of subscription {@code params}; every failure is a {@code bad_param} naming the parameter. */
final class LiveParams {
    private LiveParams() {
    }

    /** Refuses parameters other than {@code allowed}. */
    static void only(JsonObject params, Set<String> allowed) {
        for (String name : params.fieldNames()) {
            if (!allowed.contains(name)) {
                throw bad(name, "unknown parameter" + (allowed.isEmpty() ? "; this channel takes none"
                        : "; known: " + String.join(", ", new TreeSet<>(allowed))));
            }
        }
    }

    /**
     * A term or a list of terms of {@code type}, as their identifiers (sorted); empty when absent.
     */
    static <E extends Enum<E> & Term> Set<E> terms(JsonObject params, String name, Class<E> type) {
        Object v = params.getValue(name);
        Set<E> out = EnumSet.noneOf(type);
        if (v == null) {
            return out;
        }
        JsonArray list = v instanceof JsonArray a ? a : new JsonArray().add(v);
        for (int i = 0; i < list.size(); i++) {
            Object t = list.getValue(i);
            Optional<E> e = t instanceof String s ? Term.parse(type, s) : Optional.empty();
            out.add(e.orElseThrow(() -> bad(name, "unknown value " + io.vertx.core.json.Json.encode(t) + "; one of "
                    + Term.ids(type))));
        }
        return out;
    }

    /** An integer in [min, max], or {@code fallback} when absent. */
    /** A string or list of strings each in {@code allowed}; empty when absent. */
    static Set<String> strings(JsonObject params, String name, Set<String> allowed) {
        Object v = params.getValue(name);
        Set<String> out = new java.util.TreeSet<>();
        if (v == null) {
            return out;
        }
        JsonArray list = v instanceof JsonArray a ? a : new JsonArray().add(v);
        for (int i = 0; i < list.size(); i++) {
            Object t = list.getValue(i);
            if (!(t instanceof String s) || !allowed.contains(s)) {
                throw bad(name, "unknown value " + io.vertx.core.json.Json.encode(t) + "; one of "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
            out.add(s);
        }
        return out;
    }

    static int integer(JsonObject params, String name, int min, int max, int fallback) {
        Object v = params.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw bad(name, "must be an integer in [" + min + ", " + max + "]");
        }
        return n.intValue();
    }

    static LiveException bad(String name, String reason) {
        return new LiveException("bad_param", name + ": " + reason);
    }
}
