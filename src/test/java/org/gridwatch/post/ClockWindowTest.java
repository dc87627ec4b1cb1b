package org.gridwatch.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of daily windows: format and parse are inverse; bad text is refused with the text named. */
class ClockWindowTest {
    private static LocalTime hm(String s) {
        return LocalTime.parse(s);
    }

    @Test
    void formatAndParseRoundTrip() {
        List<KeyPeriod> periods = List.of(new KeyPeriod(hm("07:30"), hm("11:30")), new KeyPeriod(hm("22:00:30"), hm("02:00")));
        String text = ClockWindow.format(periods);
        assertThat(text).isEqualTo("07:30-11:30,22:00:30-02:00");
        assertThat(ClockWindow.parse(text, KeyPeriod::new)).isEqualTo(periods);
    }

    @Test
    void parseAcceptsTheUsualSeparators() {
        assertThat(ClockWindow.parse(" 7:10 – 7:50；11:20~11:50, 16:20至17:00 ", DutyWindow::new)).containsExactly(
                new DutyWindow(hm("07:10"), hm("07:50")), new DutyWindow(hm("11:20"), hm("11:50")),
                new DutyWindow(hm("16:20"), hm("17:00")));
    }

    @Test
    void badTextIsRefusedNamingIt() {
        assertThatThrownBy(() -> ClockWindow.parse("", DutyWindow::new)).hasMessageContaining("no time window");
        assertThatThrownBy(() -> ClockWindow.parse("07:10-07:50,later", DutyWindow::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"later\"");
        assertThatThrownBy(() -> ClockWindow.parse("07:10-24:30", DutyWindow::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("impossible time");
        assertThatThrownBy(() -> ClockWindow.parse("08:00-07:00", DutyWindow::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not end after it starts");
        assertThatThrownBy(() -> ClockWindow.parse("08:00-08:00", KeyPeriod::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
