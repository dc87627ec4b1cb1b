package org.gridwatch.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/**
 * Describes why a text is not well-formed JSON in words a client can act on — what was wrong and
 * where (line and column) — without the parser's internals: no option or class names
 * ({@code JsonReadFeature.…}, {@code StreamReadConstraints.…}), no source excerpts. Used for the
 * details of 400 answers and of {@code /live} error frames. Stateless; thread-safe.
 */
public final class JsonSyntax {
    /** {@code [Source: …; line: 1, column: 5]}: the parser's location, with the redacted source. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*?line: (\\d+)(?:, column: (\\d+))?\\]");
    /** {@code , from `StreamReadConstraints.getMaxNestingDepth()`}. */
    private static final Pattern FROM = Pattern.compile(",?\\s*from `[^`]*`");
    /** {@code : enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow}. */
    private static final Pattern ENABLE = Pattern.compile("[:;,]?\\s*enable `[^`]*` to allow");
    /** {@code (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)}. */
    private static final Pattern FEATURE_CLAUSE = Pattern.compile("\\s*\\([^()]*Feature[^()]*\\)");
    /** Whatever names an option that is left. */
    private static final Pattern LEFT = Pattern.compile("`[^`]*`|\\b[A-Za-z]*(Feature|Constraints)\\.[A-Za-z_()]+");
    /** Longest reason kept, characters. */
    private static final int MAX_LENGTH = 200;

    private JsonSyntax() {
    }

    /**
     * What is wrong with the JSON {@code failure} was thrown for (a Vert.x {@code DecodeException}
     * or a Jackson exception, possibly wrapped) and where, e.g. {@code "Unexpected character ('}'
     * (code 125)): was expecting double-quote to start field name (line 1, column 9)"}.
     */
    public static String describe(Throwable failure) {
        JsonProcessingException jackson = null;
        for (Throwable t = failure; t != null && jackson == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                jackson = j;
            }
        }
        String message;
        if (jackson != null) {
            message = jackson.getOriginalMessage();
        } else {
            message = failure == null ? null : failure.getMessage();
            if (message != null && message.startsWith("Failed to decode:")) {
                message = message.substring("Failed to decode:".length());
            }
        }
        String reason = clean(message);
        JsonLocation where = jackson == null ? null : jackson.getLocation();
        if (where != null && where.getLineNr() > 0) {
            String at = "line " + where.getLineNr() + ", column " + where.getColumnNr();
            if (!reason.endsWith(at + ")")) {
                reason = reason + " (" + at + ")";
            }
        }
        return reason;
    }

    /** {@code message} without the parser's internals, on one line, at most {@value #MAX_LENGTH} characters. */
    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "malformed JSON";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        s = SOURCE.matcher(s).replaceAll(m -> "line " + m.group(1) + (m.group(2) == null ? "" : ", column " + m.group(2)));
        s = FROM.matcher(s).replaceAll("");
        s = ENABLE.matcher(s).replaceAll("");
        s = FEATURE_CLAUSE.matcher(s).replaceAll("");
        s = LEFT.matcher(s).replaceAll("");
        s = s.replaceAll("\\s+", " ").replaceAll("[\\s:;,]+$", "").strip();
        if (s.length() > MAX_LENGTH) {
            s = s.substring(0, MAX_LENGTH) + "…";
        }
        return s.isEmpty() ? "malformed JSON" : s;
    }
}
