package org.gridwatch.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the tests of the CSV exports (it fails on what the RFC does not allow). */
public final class Rfc4180 {
    private Rfc4180() {
    }

    /** RFC 4180: records end in CRLF; a quoted field may hold commas, quotes (doubled) and line breaks. */
    public static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                assertThat(field).as("a quote only opens a field").isEmpty();
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                assertThat(text.charAt(i + 1)).as("CR LF").isEqualTo('\n');
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                assertThat(c).as("a bare LF outside quotes").isNotEqualTo('\n');
                field.append(c);
            }
        }
        assertThat(quoted).as("quotes closed").isFalse();
        assertThat(record).as("the last record ends in CRLF").isEmpty();
        return records;
    }
}
