package org.gridwatch.jt808;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@link Alarm}: one constant per bit, stable ids, flags both ways. */
class AlarmTest {

    @Test
    void everyBitHasOneAlarm() {
        assertThat(Arrays.stream(Alarm.values()).map(Alarm::bit).collect(Collectors.toSet()))
                .hasSize(32).allMatch(b -> b >= 0 && b < 32);
        assertThat(Alarm.of(0xffffffffL)).hasSize(32);
        assertThat(Arrays.stream(Alarm.values()).map(Alarm::id).collect(Collectors.toSet())).hasSize(32)
                .allMatch(id -> id.matches("[a-z][a-z0-9_]*"));
    }

    @Test
    void theBitsOfTheStandard() {
        assertThat(Alarm.of(1)).containsExactly(Alarm.EMERGENCY);
        assertThat(Alarm.EMERGENCY.id()).isEqualTo("emergency");
        assertThat(Alarm.EMERGENCY.label()).isEqualTo("紧急报警");
        assertThat(Alarm.of(1L << 1)).containsExactly(Alarm.OVERSPEED);
        assertThat(Alarm.of(1L << 2)).containsExactly(Alarm.FATIGUE);
        assertThat(Alarm.of(1L << 7)).containsExactly(Alarm.POWER_LOW);
        assertThat(Alarm.POWER_LOW.id()).isEqualTo("power_low");
        assertThat(Alarm.of(1L << 8)).containsExactly(Alarm.POWER_CUT);
        assertThat(Alarm.POWER_CUT.id()).isEqualTo("power_cut");
        assertThat(Alarm.of(1L << 13)).containsExactly(Alarm.OVERSPEED_WARNING);
        assertThat(Alarm.of(1L << 29)).containsExactly(Alarm.COLLISION);
        assertThat(Alarm.of(1L << 31)).containsExactly(Alarm.ILLEGAL_DOOR_OPEN);
        assertThat(Alarm.DRIVING_VIOLATION.since()).isEqualTo(Edition.V2019);
        assertThat(Alarm.IC_CARD_FAULT.since()).isEqualTo(Edition.V2013);
    }

    @Test
    void theFlagsClearedByAnAnswer() {
        assertThat(Arrays.stream(Alarm.values()).filter(Alarm::clearedByAnswer).map(Alarm::bit).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 3, 20, 21, 22, 27, 28, 31);
    }

    @Test
    void flagsAndSetsConvertBothWays() {
        Set<Alarm> some = EnumSet.of(Alarm.EMERGENCY, Alarm.POWER_CUT, Alarm.ROLLOVER);
        long flags = Alarm.flags(some);
        assertThat(flags).isEqualTo(1L | 1L << 8 | 1L << 30);
        assertThat(Alarm.of(flags)).isEqualTo(some);
        assertThat(Alarm.of(1L << 32)).isEmpty();
    }
}
