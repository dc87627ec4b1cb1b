package org.gridwatch.casework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Limits in minutes, hours, days and working days; deadlines across weekends and holidays. */
class LimitTest {
    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

    @Test
    void parsesEveryUnitAndPrintsItBack() {
        assertThat(Limit.parse("5m").duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Limit.parse("2h").duration()).isEqualTo(Duration.ofHours(2));
        assertThat(Limit.parse("1d").duration()).isEqualTo(Duration.ofDays(1));
        assertThat(Limit.parse("3wd").workingDays()).isEqualTo(3);
        for (String s : new String[] {"5m", "90m", "2h", "1d", "3wd"}) {
            assertThat(Limit.parse(s)).hasToString(s);
        }
        assertThat(Limit.parse("5m").label()).isEqualTo("5分钟");
        assertThat(Limit.parse("3wd").label()).isEqualTo("3个工作日");
        for (String bad : new String[] {"", "m", "5", "5s", "-5m", "0h", "1.5h", "5 minutes", "400d"}) {
            assertThatThrownBy(() -> Limit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDurationCountsFromTheStart() {
        Instant t = Instant.parse("2026-12-04T01:00:00Z");
        assertThat(Limit.parse("15m").deadline(t, CITY, WorkingDays.WEEKDAYS)).isEqualTo(t.plusSeconds(900));
    }

    /** Reported on Friday 2026-12-04 09:00 local: 1 working day is through Monday, 3 through Wednesday. */
    @Test
    void workingDaysSkipTheWeekendAndEndAtMidnight() {
        Instant friday = Instant.parse("2026-12-04T01:00:00Z");
        assertThat(Limit.parse("1wd").deadline(friday, CITY, WorkingDays.WEEKDAYS))
                .isEqualTo(Instant.parse("2026-12-07T16:00:00Z")); // Tuesday 00:00 +08:00
        assertThat(Limit.parse("3wd").deadline(friday, CITY, WorkingDays.WEEKDAYS))
                .isEqualTo(Instant.parse("2026-12-09T16:00:00Z"));
        // A calendar with Monday off (a holiday) pushes it a day further.
        WorkingDays holidayMonday = d -> WorkingDays.WEEKDAYS.isWorkingDay(d) && !d.equals(LocalDate.of(2026, 12, 7));
        assertThat(Limit.parse("1wd").deadline(friday, CITY, holidayMonday))
                .isEqualTo(Instant.parse("2026-12-08T16:00:00Z"));
    }
}
