package org.gridwatch.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Instants in UTC and at the city's offset: RFC 3339, seconds always, fractions when there are any, the same instant. */
class TimeFormatTest {
    static final TimeFormat LOCAL = TimeFormat.local(ZoneId.of("Asia/Shanghai"));

    @Test
    void utcAndLocalNameTheSameInstant() {
        for (String t : new String[] {"2026-12-01T00:30:00Z", "2026-11-30T16:00:00Z", "2026-12-01T00:30:00.123Z",
            "2026-12-01T00:30:00.000001Z", "1999-12-31T23:59:59Z"}) {
            Instant i = Instant.parse(t);
            assertThat(TimeFormat.UTC.format(i)).isEqualTo(t);
            String local = LOCAL.format(i);
            assertThat(local).endsWith("+08:00");
            assertThat(OffsetDateTime.parse(local).toInstant()).isEqualTo(i);
        }
        assertThat(LOCAL.format(Instant.parse("2026-12-01T00:30:00Z"))).isEqualTo("2026-12-01T08:30:00+08:00");
        assertThat(LOCAL.format(Instant.parse("2026-11-30T16:00:00Z"))).as("midnight keeps its seconds")
                .isEqualTo("2026-12-01T00:00:00+08:00");
        assertThat(LOCAL.format(Instant.parse("2026-12-01T00:30:00.120Z"))).isEqualTo("2026-12-01T08:30:00.12+08:00");
        assertThat(LOCAL.format(null)).isNull();
        assertThat(TimeFormat.UTC.utc()).isTrue();
        assertThat(LOCAL.utc()).isFalse();
    }
}
